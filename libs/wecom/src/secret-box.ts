// Secrets at rest (WeCom robot webhook keys, application secrets): AES-256-GCM with a key from the
// environment (KAFLOW_SECRET_KEY, 32 bytes as base64 or hex; any other text is stretched with
// scrypt). The stored form is 'v1:<iv>:<tag>:<ciphertext>' in base64url; a wrong key or a changed
// byte fails to open instead of giving garbage.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

export class SecretBox {
  private readonly key: Buffer;

  constructor(keyMaterial: string) {
    if (!keyMaterial) throw new Error('a secret key is needed (KAFLOW_SECRET_KEY)');
    this.key = deriveKey(keyMaterial);
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return ['v1', iv, c.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join(':');
  }

  open(sealed: string): string {
    const [v, iv, tag, data] = sealed.split(':');
    if (v !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed secret');
    const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(data, 'base64url')), d.final()]).toString('utf8');
  }

  static isSealed(value: string): boolean {
    return /^v1:[\w-]+:[\w-]+:[\w-]*$/.test(value);
  }
}

function deriveKey(material: string): Buffer {
  if (/^[0-9a-f]{64}$/i.test(material)) return Buffer.from(material, 'hex');
  const b64 = Buffer.from(material, 'base64');
  if (b64.length === 32 && /^[A-Za-z0-9+/_-]{43}=?$/.test(material)) return b64;
  return scryptSync(material, 'kaflow-secret-box', 32);
}
