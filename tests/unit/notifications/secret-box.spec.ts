// Channel secrets at rest: sealed with AES-256-GCM, opened only with the same key, tamper-evident.
import { SecretBox } from '@kaflow/wecom';

describe('SecretBox', () => {
  const box = new SecretBox('a passphrase from KAFLOW_SECRET_KEY');

  it('opens what it sealed, and never shows the plain text in the sealed form', () => {
    const sealed = box.seal('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx');
    expect(SecretBox.isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('693a91f6');
    expect(box.open(sealed)).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx');
    expect(box.seal('same')).not.toBe(box.seal('same')); // a fresh IV each time
  });

  it('accepts a 32-byte key as hex', () => {
    const hex = new SecretBox('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
    expect(hex.open(hex.seal('密钥'))).toBe('密钥');
  });

  it('refuses a wrong key and a changed byte', () => {
    const sealed = box.seal('secret');
    expect(() => new SecretBox('another key').open(sealed)).toThrow();
    const [v, iv, tag, data] = sealed.split(':');
    const flipped = Buffer.from(data, 'base64url');
    flipped[0] ^= 1;
    expect(() => box.open([v, iv, tag, flipped.toString('base64url')].join(':'))).toThrow();
    expect(() => box.open('plain text')).toThrow('not a sealed secret');
  });
});
