/**
 * How far `match_block_keys` is from what `match_profiles` says (one row per distinct key of a
 * profile matched at least once, migrations 016 and 025): rows missing and rows extra, either way,
 * and the two counts.
 */
import type { Knex } from 'knex';

export async function blockKeyDrift(db: Knex): Promise<{ missing: number; extra: number; narrow: number; unnested: number }> {
  const expected = `SELECT DISTINCT p.entity_type, k.key, p.record_id
                      FROM match_profiles p CROSS JOIN LATERAL unnest(p.block_keys) AS k(key) WHERE p.matched_at IS NOT NULL`;
  const actual = 'SELECT entity_type, key, record_id FROM match_block_keys';
  const { rows: [r] } = await db.raw(`SELECT
      (SELECT count(*) FROM (${expected} EXCEPT ${actual}) x)::int AS missing,
      (SELECT count(*) FROM (${actual} EXCEPT ${expected}) x)::int AS extra,
      (SELECT count(*) FROM match_block_keys)::int AS narrow,
      (SELECT count(*) FROM match_profiles, unnest(block_keys) WHERE matched_at IS NOT NULL)::int AS unnested`);
  return r;
}
