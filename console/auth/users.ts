/** Console users: `crmhub user add` creates or updates one; the login checks one. */
import type { Knex } from 'knex';
import { z } from 'zod';
import { burnVerify, hashPassword, verifyPassword } from './passwords';
import { Role } from './roles';

export interface ConsoleUser { id: number; email: string; role: Role }

export const Email = z.string().trim().toLowerCase().email().max(254);

/** Creates the user, or sets the role and password of an existing one (same e-mail, any case). */
export async function upsertUser(db: Knex, o: { email: string; role: Role; password: string }): Promise<{ user: ConsoleUser; created: boolean }> {
  const email = Email.parse(o.email);
  const role = Role.parse(o.role);
  const password_hash = await hashPassword(o.password);
  const existing = await db('console_users').whereRaw('lower(email) = ?', [email]).first('id');
  if (existing) {
    await db('console_users').where({ id: existing.id }).update({ role, password_hash, is_active: true, updated_at: db.fn.now() });
    return { user: { id: Number(existing.id), email, role }, created: false };
  }
  const [row] = await db('console_users').insert({ email, role, password_hash }).returning('id');
  return { user: { id: Number(row.id), email, role }, created: true };
}

/** The user if the e-mail and password match an active user; null otherwise (same cost either way). */
export async function checkLogin(db: Knex, email: string, password: string): Promise<ConsoleUser | null> {
  const parsed = Email.safeParse(email);
  const row = parsed.success ? await db('console_users').whereRaw('lower(email) = ?', [parsed.data]).where({ is_active: true }).first('id', 'email', 'role', 'password_hash') : undefined;
  if (!row) {
    await burnVerify(password);
    return null;
  }
  if (!(await verifyPassword(row.password_hash, password))) return null;
  return { id: Number(row.id), email: row.email, role: row.role };
}
