// WeCom (企业微信) callback crypto ("回调 加解密方案"): msg_signature = sha1 of the sorted
// [token, timestamp, nonce, encrypt] joined; the message is AES-256-CBC with key = Base64(EncodingAESKey + '='),
// IV = the key's first 16 bytes, PKCS#7 padded to 32, over 16 random bytes + 4-byte big-endian length + msg +
// receiveid (the corp id). The arithmetic is WeCom's own @wecom/crypto; this module adds what a server must
// check around it: the signature compared in constant time before anything is decrypted, the ciphertext's
// shape, the padding and length fields, and that the message was sealed for this corp.
import { createDecipheriv, timingSafeEqual } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';

export interface CallbackKeys {
  token: string;
  encodingAesKey: string;
  /** receiveid: the corp id for an internal application. */
  corpId: string;
}

export class CallbackCryptoError extends Error {
  constructor(
    message: string,
    readonly reason: 'signature' | 'ciphertext' | 'receiver',
  ) {
    super(message);
    this.name = 'CallbackCryptoError';
  }
}

/** An EncodingAESKey is 43 characters of base64 that decode (with '=') to 32 bytes. */
export function isEncodingAesKey(v: unknown): v is string {
  return typeof v === 'string' && /^[A-Za-z0-9+/]{43}$/.test(v) && Buffer.from(`${v}=`, 'base64').length === 32;
}

export function signature(token: string, timestamp: string, nonce: string, encrypted: string): string {
  return getSignature(token, timestamp, nonce, encrypted);
}

/** True when msg_signature is the one of these values; constant time, never throws. */
export function signatureMatches(
  token: string,
  q: { msgSignature: unknown; timestamp: unknown; nonce: unknown },
  encrypted: string,
): boolean {
  if (typeof q.msgSignature !== 'string' || typeof q.timestamp !== 'string' || typeof q.nonce !== 'string')
    return false;
  if (!/^[0-9a-f]{40}$/i.test(q.msgSignature)) return false;
  const want = Buffer.from(signature(token, q.timestamp, q.nonce, encrypted), 'hex');
  return timingSafeEqual(want, Buffer.from(q.msgSignature.toLowerCase(), 'hex'));
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Checks the signature, then opens the message. Throws CallbackCryptoError (signature first: a wrong one means
 * nothing was decrypted) for a bad signature, a malformed ciphertext or a message for another corp.
 */
export function openCallback(
  keys: CallbackKeys,
  q: { msgSignature: unknown; timestamp: unknown; nonce: unknown },
  encrypted: string,
): string {
  if (!signatureMatches(keys.token, q, encrypted)) throw new CallbackCryptoError('bad msg_signature', 'signature');
  const raw = Buffer.from(encrypted, 'base64');
  if (!BASE64.test(encrypted) || raw.length === 0 || raw.length % 32 !== 0)
    throw new CallbackCryptoError('the ciphertext is not whole AES blocks', 'ciphertext');
  // the padding is checked here: @wecom/crypto leaves a bad pad in place, and reads past a short message
  const plainLength = raw.length - padOf(keys.encodingAesKey, raw);
  let opened: { message: string; id: string; random: Buffer };
  try {
    opened = decrypt(keys.encodingAesKey, encrypted);
  } catch {
    throw new CallbackCryptoError('the ciphertext does not open', 'ciphertext');
  }
  const msgBytes = Buffer.byteLength(opened.message);
  if (msgBytes + 20 + Buffer.byteLength(opened.id) !== plainLength)
    throw new CallbackCryptoError('the length field does not fit the message', 'ciphertext');
  if (opened.id !== keys.corpId) throw new CallbackCryptoError('the message is for another corp', 'receiver');
  return opened.message;
}

/** The PKCS#7 pad length of a well-formed message (1..32, every pad byte equal); throws otherwise. */
function padOf(encodingAesKey: string, raw: Buffer): number {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  d.setAutoPadding(false);
  const plain = Buffer.concat([d.update(raw), d.final()]);
  const pad = plain[plain.length - 1];
  if (pad < 1 || pad > 32 || plain.length < pad + 20 || plain.subarray(plain.length - pad).some((b) => b !== pad))
    throw new CallbackCryptoError('bad padding', 'ciphertext');
  if (plain.readUInt32BE(16) > plain.length - pad - 20)
    throw new CallbackCryptoError('the length field runs past the message', 'ciphertext');
  return pad;
}

/** Seals a message as WeCom does (the simulator, and a passive reply). */
export function sealCallback(
  keys: CallbackKeys,
  message: string,
  timestamp: string,
  nonce: string,
  random?: Buffer,
): { encrypt: string; msgSignature: string } {
  const sealed = encrypt(keys.encodingAesKey, message, keys.corpId, random);
  return { encrypt: sealed, msgSignature: signature(keys.token, timestamp, nonce, sealed) };
}
