import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '@apiplay/core';

/** Stored secrets look like `enc:v1:<base64(iv | tag | ciphertext)>` so the format can change later. */
const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretBox {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  /** True when a stored value was produced by `encrypt` (lets readers tolerate legacy plaintext). */
  isSealed(stored: string): boolean;
}

/** AES-256-GCM with a random 96-bit IV per value; the GCM tag makes tampering a decrypt failure. */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) {
    throw new AppError('INTERNAL', 'The secrets key must be 32 bytes');
  }
  return {
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    decrypt(stored) {
      if (!stored.startsWith(PREFIX)) {
        throw new AppError('INTERNAL', 'Secret value is not in a known format');
      }
      const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
      const iv = raw.subarray(0, IV_BYTES);
      const tag = raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([
          decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        // Wrong key or tampered value; never echo the value itself.
        throw new AppError('INTERNAL', 'Secret value could not be decrypted (wrong SECRETS_KEY?)');
      }
    },
    isSealed(stored) {
      return stored.startsWith(PREFIX);
    },
  };
}
