import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secret-box';

describe('secret box', () => {
  const box = createSecretBox(randomBytes(32));

  it('round-trips and never stores the plaintext', () => {
    const sealed = box.encrypt('hunter2 ✓');
    expect(sealed).not.toContain('hunter2');
    expect(box.isSealed(sealed)).toBe(true);
    expect(box.decrypt(sealed)).toBe('hunter2 ✓');
  });

  it('uses a fresh IV per value', () => {
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
  });

  it('rejects tampering and the wrong key', () => {
    const sealed = box.encrypt('value');
    const raw = Buffer.from(sealed.slice('enc:v1:'.length), 'base64');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => box.decrypt(`enc:v1:${raw.toString('base64')}`)).toThrow(/could not be decrypted/);
    expect(() => createSecretBox(randomBytes(32)).decrypt(sealed)).toThrow(/could not be decrypted/);
  });

  it('refuses keys of the wrong size', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});
