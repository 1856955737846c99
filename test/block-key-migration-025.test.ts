/**
 * Migration 025 on a CRM that already has profiles: its up gives the profiles rewritten since they
 * were matched their keys back (they lost them under 016's rule), its down takes them away again
 * and restores 024's triggers. Each side is checked against its own rule, and the triggers are
 * exercised after each step. Real PostgreSQL.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATION_CONFIG, migrationSource } from '../migrations';
import { blockKeyDrift } from './support/block-key-drift';
import { siblingDatabaseUrl } from './support/test-database';
import { ensureDatabase } from '../db/ensure-database';
import { createDb } from '../db/config';

const M025 = '025_block_keys_of_profiles_once_matched';

/** 30 profiles of 3 keys each: 10 matched, 10 rewritten since they were matched, 10 never matched. */
const PROFILES = `
  INSERT INTO match_profiles (entity_type, record_id, profile, block_keys, updated_at, matched_at)
  SELECT 'accounts', md5('m' || g)::uuid, '{}'::jsonb, ARRAY['a:' || g, 'b:' || (g % 4), 'c:x'],
         now() + interval '1 minute',
         CASE WHEN g <= 10 THEN now() + interval '2 minute' WHEN g <= 20 THEN now() END
    FROM generate_series(1, 30) g`;

describe('migration 025', () => {
  let db: Knex;
  beforeAll(async () => {
    const url = siblingDatabaseUrl('m025');
    await ensureDatabase(url);
    db = createDb(url, { min: 0, max: 2 });
    await db.raw('DROP SCHEMA IF EXISTS public CASCADE');
    await db.raw('CREATE SCHEMA public');
    // Every migration before 025.
    const before = { ...MIGRATION_CONFIG, migrationSource: { ...migrationSource, getMigrations: async () => (await migrationSource.getMigrations([])).filter((m) => m < M025) } };
    await db.migrate.latest(before);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('adds the keys of profiles rewritten since they were matched, and its down removes them', async () => {
    await db.raw(PROFILES);
    expect(await blockKeyDrift(db, 'matched-since-written')).toMatchObject({ missing: 0, extra: 0 });
    expect(Number((await db.raw('SELECT count(*) AS n FROM match_block_keys')).rows[0].n)).toBe(10 * 3);

    // 025 alone (the later ones change other things).
    const [, applied] = (await db.migrate.up(MIGRATION_CONFIG)) as [number, string[]];
    expect(applied).toEqual([M025]);
    expect(await blockKeyDrift(db)).toMatchObject({ missing: 0, extra: 0, narrow: 20 * 3 });
    // 025's triggers: a rewrite of a once-matched profile swaps one key, a first match adds all.
    await db.raw(`UPDATE match_profiles SET block_keys = ARRAY['a:new', 'b:0', 'c:x'], updated_at = now() + interval '3 minute' WHERE record_id = md5('m1')::uuid`);
    await db.raw(`UPDATE match_profiles SET matched_at = now() + interval '4 minute' WHERE record_id = md5('m25')::uuid`);
    expect(await blockKeyDrift(db)).toMatchObject({ missing: 0, extra: 0, narrow: 21 * 3 });

    await db.migrate.down(MIGRATION_CONFIG);
    expect(await blockKeyDrift(db, 'matched-since-written')).toMatchObject({ missing: 0, extra: 0 });
    // 024's triggers again: a profile written after it was matched loses its keys.
    await db.raw(`UPDATE match_profiles SET updated_at = now() + interval '5 minute' WHERE record_id = md5('m2')::uuid`);
    expect(await blockKeyDrift(db, 'matched-since-written')).toMatchObject({ missing: 0, extra: 0 });
    expect(Number((await db.raw('SELECT count(*) AS n FROM match_block_keys')).rows[0].n)).toBe(9 * 3);
  });
});
