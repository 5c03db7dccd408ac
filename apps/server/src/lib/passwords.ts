import { hash, verify } from '@node-rs/argon2';
import { commonPasswords } from './common-passwords';

// @node-rs/argon2 defaults to Argon2id (m=19 MiB, t=2, p=1 — the OWASP baseline).

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** Constant-time check of a password against its stored hash; false for malformed hashes. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of nothing in particular: verifying against it costs the same as a real check (no user-enumeration timing). */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash('not-a-real-password-just-for-timing');
  return dummyHash;
}

/** Why a new password is refused, or null when acceptable. Length is also checked by the contract schema. */
export function passwordProblem(
  password: string,
  context: { email?: string; name?: string } = {},
): string | null {
  if (password.length < 8) {
    return 'must be at least 8 characters';
  }
  // Spaces, other separators and control or format characters alone make a password nobody can type reliably.
  if (/^[\s\p{Z}\p{Cc}\p{Cf}]*$/u.test(password)) {
    return 'must contain something other than spaces and control characters';
  }
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) {
    return 'is too common; choose a less guessable password';
  }
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local !== undefined && local.length >= 4 && lower === local) {
    return 'must not be your email address';
  }
  return null;
}
