/**
 * `match_recent_block_keys`: a small unlogged twin of `match_block_keys` that takes the keys a
 * large match stage adds, folded into the big table in a few large sorted inserts instead of one
 * per chunk.
 *
 * Why (issue 11, a 1M-row first import): each chunk's `markMatched` makes its 10,000 profiles
 * searchable, and the update trigger inserted their ≈ 110k keys into an index that grows to the
 * whole CRM (11M keys, 1.1 GB against 128 MB of shared buffers). In key order they still land on
 * ≈ 35k different leaves, read from the OS cache, dirtied and written back: 0.4–0.8 s a chunk,
 * 100+ s of the stage with no merge at all (docs/performance.md). Into an index that fits in
 * shared buffers the same insert took 0.2 s; folding many chunks' keys at once touches each leaf
 * of the big index once per fold, not once per chunk.
 *
 * The rule: `match_block_keys` ∪ `match_recent_block_keys` holds exactly the keys of the profiles
 * matched at least once (migration 025); a (key, entity, record) is in one of them, never both.
 * - Inserts go to the big table, as before, unless the writing transaction has set
 *   `crmhub.block_keys_into` to `recent` (only a large stage's `markMatched` does: incremental-match.ts).
 * - Deletes remove the row from whichever table holds it; the recent one is probed only when it has
 *   rows (one probe otherwise, and no statement at all, so the plans of migration 024 stand).
 * - The readers (the candidate probe, the oversized-key count) read both; a fold
 *   (activities/match/recent-block-keys.ts) moves every recent row into the big table, with the
 *   profiles' writers locked out, and a stage always ends with one, so between stages the big table
 *   is whole again.
 * - A crash empties both (both unlogged) and the marker with them: the rebuild writes the big table
 *   and empties the recent one (block-keys-built.ts).
 */
import type { Knex } from 'knex';
import { ifWorker } from './015_worker_truncates_segment_scratch';
import { contributions, FUNCTIONS as FUNCTIONS_025 } from './025_block_keys_of_profiles_once_matched';
import { BLOCK_KEYS_PRIMARY_KEY } from './028_block_keys_key_first';

/** The setting that sends a transaction's key inserts to the recent table. */
export const RECENT_KEYS_SETTING = 'crmhub.block_keys_into';

const PROBE_THE_INDEX = 'SET enable_hashjoin = off SET enable_mergejoin = off';
const diverted = `coalesce(current_setting('${RECENT_KEYS_SETTING}', true), '') = 'recent'`;
const recentHasRows = 'EXISTS (SELECT FROM match_recent_block_keys)';

/** `rows` inserted into the big table, or into the recent one when the transaction says so. */
const insertRows = (rows: string) => `
  IF ${diverted} THEN
    INSERT INTO match_recent_block_keys (entity_type, key, record_id) ${rows} ORDER BY 2, 3;
  ELSE
    INSERT INTO match_block_keys (entity_type, key, record_id) ${rows} ORDER BY 2, 3;
  END IF;`;

/** `rows` deleted from the big table (through its primary key), and from the recent one if it has any. */
const deleteRows = (rows: string) => `
    DELETE FROM match_block_keys b USING (${rows}) g
     WHERE b.entity_type = g.entity_type AND b.key = g.key AND b.record_id = g.record_id;
    IF ${recentHasRows} THEN
      DELETE FROM match_recent_block_keys r USING (${rows}) g
       WHERE r.entity_type = g.entity_type AND r.key = g.key AND r.record_id = g.record_id;
    END IF;`;

const old = (alias: string) => contributions(alias, 'crmhub_old_profiles');
const neu = (alias: string) => contributions(alias, 'crmhub_new_profiles');

// 025's functions (their rows, 024's guards and index probes), with the two tables.
export const FUNCTIONS = `
CREATE OR REPLACE FUNCTION crmhub_block_keys_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  ${insertRows(neu('n'))}
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION crmhub_block_keys_deleted() RETURNS trigger LANGUAGE plpgsql ${PROBE_THE_INDEX} AS $$
BEGIN
  IF EXISTS (${old('o')}) THEN ${deleteRows(old('o'))}
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION crmhub_block_keys_updated() RETURNS trigger LANGUAGE plpgsql ${PROBE_THE_INDEX} AS $$
BEGIN
  IF EXISTS (${old('o')}) THEN ${deleteRows(`${old('o')} EXCEPT ${neu('n')}`)}
  END IF;
  IF EXISTS (${neu('n')}) THEN ${insertRows(`${neu('n')} EXCEPT ${old('o')}`)}
  END IF;
  RETURN NULL;
END $$;
`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE UNLOGGED TABLE match_recent_block_keys (
    entity_type text COLLATE "C" NOT NULL,
    key text COLLATE "C" NOT NULL,
    record_id uuid NOT NULL,
    CONSTRAINT match_recent_block_keys_pkey PRIMARY KEY ${BLOCK_KEYS_PRIMARY_KEY}
  )`);
  // The fold empties it with TRUNCATE (a DELETE would leave its index as large as it grew).
  await knex.raw(ifWorker('GRANT SELECT, INSERT, DELETE, TRUNCATE ON match_recent_block_keys TO crmhub_worker'));
  await knex.raw(FUNCTIONS);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`INSERT INTO match_block_keys (entity_type, key, record_id)
    SELECT entity_type, key, record_id FROM match_recent_block_keys ORDER BY 2, 1, 3 ON CONFLICT DO NOTHING`);
  await knex.raw(FUNCTIONS_025);
  await knex.raw('DROP TABLE match_recent_block_keys');
}
