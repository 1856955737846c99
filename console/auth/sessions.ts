/**
 * Sessions: the cookie carries 32 random bytes; the database keeps only their SHA-256, so reading
 * the table does not let anyone in. A session ends when it expires or at logout.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { ConsoleUser } from './users';

export const SESSION_COOKIE = 'crmhub_session';

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(db: Knex, userId: number, hours: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db('console_sessions').insert({ token_sha256: digest(token), user_id: userId, expires_at: new Date(Date.now() + hours * 3600_000) });
  return token;
}

export async function sessionUser(db: Knex, token: string | undefined): Promise<ConsoleUser | null> {
  if (!token || token.length > 100) return null;
  const row = await db('console_sessions as s').join('console_users as u', 'u.id', 's.user_id')
    .where('s.token_sha256', digest(token)).where('s.expires_at', '>', db.fn.now()).where('u.is_active', true)
    .first('u.id', 'u.email', 'u.role');
  return row ? { id: Number(row.id), email: row.email, role: row.role } : null;
}

export async function endSession(db: Knex, token: string | undefined): Promise<void> {
  if (token) await db('console_sessions').where({ token_sha256: digest(token) }).del();
  await db('console_sessions').where('expires_at', '<', db.fn.now()).del();
}
