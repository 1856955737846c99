/** Opening the database for a command: one clear line when it is unreachable or not migrated. */
import type { Knex } from 'knex';
import { createDb, databaseUrl, redactUrl } from '../db/config';
import { describeDbError } from '../db/db-errors';
import { ensureDatabase } from '../db/ensure-database';
import { migrateLatest } from '../migrations';
import { UserError } from './user-error';

export async function openDatabase(opts: { migrate?: boolean } = {}): Promise<Knex> {
  const url = databaseUrl();
  if (opts.migrate) {
    try {
      await ensureDatabase(url);
    } catch (err) {
      throw new UserError((err as Error).message);
    }
  }
  const db = createDb(url);
  try {
    if (opts.migrate) await migrateLatest(db);
    else {
      const { rows } = await db.raw(`SELECT to_regclass('public.sync_runs') AS t`);
      if (!rows[0]?.t) throw Object.assign(new Error('not migrated'), { code: '42P01' });
    }
  } catch (err) {
    await db.destroy();
    throw new UserError(describeDbError(err, redactUrl(url)));
  }
  return db;
}

export async function withDatabase<T>(fn: (db: Knex) => Promise<T>, opts: { migrate?: boolean } = {}): Promise<T> {
  const db = await openDatabase(opts);
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}
