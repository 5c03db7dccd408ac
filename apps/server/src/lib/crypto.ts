import { createHash, randomBytes } from 'node:crypto';

/** sha256 hex of a high-entropy secret (refresh tokens, API keys, invitation tokens): fast lookup, no slow hash needed. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A URL-safe random token with `bytes` of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
