/**
 * How far `match_block_keys` is from what `match_profiles` says: rows missing and rows extra,
 * either way, and the two counts. `rule` says which profiles have rows: since migration 025 every
 * profile matched at least once (the default); under 016 and 024, those matched since they were
 * last written (a test of 025's down checks that rule).
 */
import type { Knex } from 'knex';

const HAS_ROWS = {
  'matched-once': 'matched_at IS NOT NULL',
  'matched-since-written': 'matched_at >= updated_at',
} as const;

export async function blockKeyDrift(
  db: Knex, rule: keyof typeof HAS_ROWS = 'matched-once',
): Promise<{ missing: number; extra: number; narrow: number; unnested: number }> {
  const expected = `SELECT DISTINCT p.entity_type, k.key, p.record_id
                      FROM match_profiles p CROSS JOIN LATERAL unnest(p.block_keys) AS k(key) WHERE p.${HAS_ROWS[rule]}`;
  const actual = 'SELECT entity_type, key, record_id FROM match_block_keys';
  const { rows: [r] } = await db.raw(`SELECT
      (SELECT count(*) FROM (${expected} EXCEPT ${actual}) x)::int AS missing,
      (SELECT count(*) FROM (${actual} EXCEPT ${expected}) x)::int AS extra,
      (SELECT count(*) FROM match_block_keys)::int AS narrow,
      (SELECT count(*) FROM match_profiles, unnest(block_keys) WHERE ${HAS_ROWS[rule]})::int AS unnested`);
  return r;
}
