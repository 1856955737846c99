/**
 * The benches' write floor (bench/write-floor.ts) against the real server: the rows of a CRM are
 * loaded again by `psql \copy` into an empty one, on one connection and then in parts at once, and
 * arrive whole, values with newlines, tabs and backslashes included (a part cut inside a row would
 * lose it or fail the load).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { measureWriteFloor } from '../bench/write-floor';
import { createDb } from '../db/config';
import { count, freshTestDatabase, siblingDatabaseUrl, TEST_DATABASE_URL } from './support/test-database';

const FLOOR_URL = siblingDatabaseUrl('write_floor');
const ROWS = 3000;

afterAll(async () => {
  const db = createDb(FLOOR_URL, { min: 0, max: 1 });
  await db.raw('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public').finally(() => db.destroy());
});

/** Each table's rows as one digest, in key order: equal digests, equal rows. */
async function digest(url: string, table: string, key: string): Promise<string> {
  const db = createDb(url, { min: 0, max: 1 });
  try {
    const { rows } = await db.raw<{ rows: { d: string }[] }>(`SELECT md5(string_agg(t::text, '|' ORDER BY t.${key})) AS d FROM ${table} t`);
    return rows[0]!.d;
  } finally {
    await db.destroy();
  }
}

it('loads every row of the timed tables again, whole, and times both ways', async () => {
  const db = await freshTestDatabase();
  try {
    await db('source_systems').insert({ code: 'erp', label: 'ERP', kind: 'erp', connector_code: 'sql' });
    const [run] = await db('sync_runs').insert({ source_system_code: 'erp', entity_type: 'account', mode: 'full' }).returning('id');
    // Values COPY's text format must escape: a row is one line only because of that.
    await db.raw(
      `WITH a AS (
         INSERT INTO accounts (name, extras)
         SELECT 'Cía ' || g || E'\\nline two\\there \\\\ end', jsonb_build_object('note', E'a\\nb', 'n', g) FROM generate_series(1, ?) g
         RETURNING id, name)
       INSERT INTO source_records (source_system_code, entity_type, external_id, crm_id, data_hash, payload, resolved_by, first_run_id, last_run_id)
       SELECT 'erp', 'account', 'C-' || row_number() OVER (), id, md5(name), jsonb_build_object('name', name), 'new', ?, ? FROM a`,
      [ROWS, run.id, run.id],
    );
  } finally {
    await db.destroy();
  }

  const floor = await measureWriteFloor({
    from: TEST_DATABASE_URL, to: FLOOR_URL, dir: join(tmpdir(), `crmhub-write-floor-${process.pid}`),
    untimed: ['source_systems', 'sync_runs'], timed: [['accounts', 'source_records']], keep: true,
  });

  expect(floor.rows).toEqual({ accounts: ROWS, source_records: ROWS });
  expect(floor.oneConnection).toBeGreaterThan(0);
  expect(floor.allAtOnce).toBeGreaterThan(0);
  // What the floor left in its CRM (the second load, kept) is the source's rows, byte for byte.
  for (const [table, key] of [['accounts', 'id'], ['source_records', 'id']] as const) {
    expect(await digest(FLOOR_URL, table, key)).toBe(await digest(TEST_DATABASE_URL, table, key));
  }
});

it('leaves its scratch CRM empty unless asked to keep the load', async () => {
  // The source still holds the rows of the test above (the test database is rebuilt per file).
  await measureWriteFloor({
    from: TEST_DATABASE_URL, to: FLOOR_URL, dir: join(tmpdir(), `crmhub-write-floor-${process.pid}`),
    untimed: ['source_systems', 'sync_runs'], timed: [['accounts', 'source_records']],
  });
  const db = createDb(FLOOR_URL, { min: 0, max: 1 });
  try {
    for (const table of ['accounts', 'source_records']) expect(await count(db, table)).toBe(0);
  } finally {
    await db.destroy();
  }
});
