/**
 * `match_block_keys` holds the keys of every profile that has been matched at least once
 * (`matched_at IS NOT NULL`), no longer only of the profiles matched since they were last written
 * (`matched_at >= updated_at`). A profile's rows are always its current keys (the triggers keep
 * them in step with every write, as before); what changes is that rewriting a matched profile no
 * longer takes them all away, and matching it again no longer puts them all back.
 *
 * Why (issue 11, the 1%-changed re-import): a changed account's profile was rewritten by the
 * stage's profile sync, so it stopped being matched and the update trigger deleted its ≈ 11 keys;
 * the chunk's `markMatched` inserted the same keys again. For 10,000 changed accounts that is
 * ≈ 110k deletes and ≈ 110k inserts in a 1.1 GB index, tens of thousands of cold leaf pages each
 * way (5.5 s and 6.4 s of trigger, 117 MB of WAL each, measured with EXPLAIN (ANALYZE, BUFFERS,
 * WAL) on a copy of the bench's CRM), to move the one or two keys a new phone or city changes.
 * Now the sync's update writes only the difference, and `markMatched` writes nothing.
 *
 * What the candidate search sees: the table now also holds the batch's own rewritten records. The
 * probe leaves them out of a block's count (it reads up to cap + 1 + their number), so it finds the
 * candidates it found before, except that a rewritten profile which is not the chunk's own and has
 * not been matched again (a later chunk's, another stage's) does count now. None of them is ever a
 * candidate: the search reads the candidates' profiles back and keeps the matched ones
 * (activities/match/match-profiles.ts findCandidateProfiles). A first import's stage is unchanged:
 * its profiles were never matched, so they have no rows until their chunk marks them matched.
 */
import type { Knex } from 'knex';
import { FUNCTIONS as FUNCTIONS_016 } from './016_match_block_keys';
import { deleteAndUpdateFunctions, FUNCTIONS as FUNCTIONS_024 } from './024_block_keys_triggers_use_the_index';

/**
 * The rows a profile row gives: its distinct keys once it has been matched, none before. The
 * triggers below and a full dedupe's rebuild (match-profiles.ts writeProfiles) both write exactly
 * these.
 */
export const contributions = (alias: string, table: string) =>
  `SELECT ${alias}.entity_type, k.key, ${alias}.record_id
     FROM ${table} ${alias} CROSS JOIN LATERAL (SELECT DISTINCT unnest(${alias}.block_keys)) AS k(key)
    WHERE ${alias}.matched_at IS NOT NULL AND k.key IS NOT NULL`;

// The insert function as 016 wrote it (in key order, so consecutive rows land in neighbouring
// index leaves), and 024's delete and update functions, over this definition.
export const FUNCTIONS = `
CREATE OR REPLACE FUNCTION crmhub_block_keys_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO match_block_keys (entity_type, key, record_id) ${contributions('n', 'crmhub_new_profiles')} ORDER BY 2, 3;
  RETURN NULL;
END $$;
${deleteAndUpdateFunctions(contributions)}`;

/** Profiles matched once and rewritten since: the rows this migration adds, and its down removes. */
const REWRITTEN = 'p.matched_at IS NOT NULL AND p.matched_at < p.updated_at';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(FUNCTIONS);
  await knex.raw(`INSERT INTO match_block_keys (entity_type, key, record_id)
    ${contributions('p', 'match_profiles')} AND ${REWRITTEN} ORDER BY 2, 3 ON CONFLICT DO NOTHING`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DELETE FROM match_block_keys b USING match_profiles p
    WHERE p.entity_type = b.entity_type AND p.record_id = b.record_id AND ${REWRITTEN}`);
  // What 024 left: 016's insert function, 024's delete and update functions.
  await knex.raw(FUNCTIONS_016.replace(/CREATE FUNCTION/g, 'CREATE OR REPLACE FUNCTION'));
  await knex.raw(FUNCTIONS_024);
}
