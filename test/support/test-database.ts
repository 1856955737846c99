/**
 * A real PostgreSQL database for integration tests: `crmhub_test` (or TEST_DATABASE_URL), created
 * if missing and rebuilt from the migrations for each test file, so files never see each other's rows.
 */
import type { Knex } from 'knex';
import { createDb } from '../../db/config';
import { ensureDatabase } from '../../db/ensure-database';
import { migrateLatest } from '../../migrations';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/crmhub_test';

/** `url`: another database than the test database (e.g. a second CRM to compare with). */
export async function freshTestDatabase(url = TEST_DATABASE_URL): Promise<Knex> {
  await ensureDatabase(url);
  const db = createDb(url, { min: 0, max: 8 });
  await db.raw('DROP SCHEMA IF EXISTS public CASCADE');
  await db.raw('CREATE SCHEMA public');
  await migrateLatest(db);
  return db;
}

export async function count(db: Knex, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const [row] = await db(table).where(where).count<{ count: string }[]>({ count: '*' });
  return Number(row?.count ?? 0);
}

/** The test database's URL with another database name (suffix appended): a second CRM for one test file. */
export function siblingDatabaseUrl(suffix: string): string {
  const u = new URL(TEST_DATABASE_URL);
  u.pathname = `${u.pathname}_${suffix}`;
  return u.toString();
}
