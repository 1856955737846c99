/**
 * A real PostgreSQL database for integration tests: `crmhub_test` (or TEST_DATABASE_URL), created
 * if missing and rebuilt from the migrations for each test file, so files never see each other's rows.
 */
import type { Knex } from 'knex';
import { createDb } from '../../db/config';
import { ensureDatabase } from '../../db/ensure-database';
import { migrateLatest } from '../../migrations';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/crmhub_test';

export async function freshTestDatabase(): Promise<Knex> {
  await ensureDatabase(TEST_DATABASE_URL);
  const db = createDb(TEST_DATABASE_URL, { min: 0, max: 8 });
  await db.raw('DROP SCHEMA IF EXISTS public CASCADE');
  await db.raw('CREATE SCHEMA public');
  await migrateLatest(db);
  return db;
}

export async function count(db: Knex, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const [row] = await db(table).where(where).count<{ count: string }[]>({ count: '*' });
  return Number(row?.count ?? 0);
}
