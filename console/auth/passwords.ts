/**
 * Passwords hashed with argon2id (RFC 9106), memory-hard, through the `argon2` package (the
 * reference implementation's bindings). Parameters are OWASP's first recommendation for argon2id
 * (m = 19 MiB, t = 2, p = 1): a login costs ~30 ms, a guessing GPU far more per try.
 */
import argon2 from 'argon2';

const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;

export async function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`a password has at least ${MIN_PASSWORD_LENGTH} characters`);
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false; // a malformed hash never logs anyone in
  }
}

/** Verified against when the e-mail is unknown, so a login takes as long either way. */
let dummy: Promise<string> | null = null;
export async function burnVerify(password: string): Promise<void> {
  dummy ??= argon2.hash('not-a-real-password-ever', OPTIONS);
  await verifyPassword(await dummy, password);
}
