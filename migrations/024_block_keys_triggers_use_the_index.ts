/**
 * The block-key triggers' deletes (migration 016) probe the primary key instead of hashing the
 * whole table, and skip the statement when there is nothing to delete.
 *
 * Measured on the match stage of a 1M-row first import (853k accounts; PostgreSQL's default
 * settings), with auto_explain on the stage's own connection:
 * - Marking a chunk of 10,000 unmatched profiles matched removes no key (their old rows are not
 *   matched), but the update trigger's DELETE still ran: a hash join over a seq scan of the whole
 *   table, 0.4–0.8 s a chunk at 1–2M keys, and growing with the CRM.
 * - A chunk's merges and survivor refreshes remove a few hundred keys; the planner estimates the
 *   difference of the old and new keys at about a tenth of the transition rows (9,570 for 10k
 *   profiles, 0 or a few hundred in fact) and below ≈ 5M keys took the seq scan too (0.4–0.5 s
 *   a statement at 1.8–2.0M keys, where an index probe per key costs ≈ 0.2 ms).
 * A nested loop over the primary key costs the keys actually removed; the planner's other joins
 * are turned off for these functions only (a function's own SET is undone when it returns, so the
 * writer's statements keep theirs). A hash join would win for a statement rewriting millions of
 * matched profiles at once; none does: profiles are written in pages of 20k, marked matched in
 * slices of 50k, merged 1,000 clusters at a time, and a full dedupe rebuilds with the triggers off.
 * https://www.postgresql.org/docs/15/sql-createfunction.html (SET configuration_parameter)
 */
import type { Knex } from 'knex';
import { contributions, FUNCTIONS as FUNCTIONS_016 } from './016_match_block_keys';

/** The rows a profile row gives, as SQL over a transition table (016's `contributions`, 025's). */
export type BlockKeyRows = (alias: string, table: string) => string;

const PROBE_THE_INDEX = 'SET enable_hashjoin = off SET enable_mergejoin = off';

/** How the statements name a key's row, where a later primary key differs (030). */
export interface BlockKeyShape {
  /**
   * What a statement writes or deletes, given the rows (or their difference) as SQL: 030 adds each
   * row's hash, once the difference is known, not to every key on both sides of it.
   */
  finish?: (rowsSql: string) => string;
  /** The condition that finds a row `g` of `rows` in the table `b`, through its primary key. */
  matches?: string;
  /** The columns `rows` gives, for the INSERT. */
  columns?: string;
  /** The INSERT's order (the primary key's). */
  order?: string;
}

/**
 * The delete and update trigger functions for a definition of the rows a profile gives: 016's
 * here (matched profiles' keys), 025's and 030's later. Each skips its statement when the
 * transition table gives no key, and the deletes probe the primary key.
 */
export function deleteAndUpdateFunctions(rows: BlockKeyRows, shape: BlockKeyShape = {}): string {
  const givesKeys = (table: string, alias: string) => `EXISTS (${rows(alias, table)})`;
  const finish = shape.finish ?? ((sql: string) => sql);
  const matches = shape.matches ?? 'b.entity_type = g.entity_type AND b.key = g.key AND b.record_id = g.record_id';
  const columns = shape.columns ?? '(entity_type, key, record_id)';
  const order = shape.order ?? '2, 3';
  return `
CREATE OR REPLACE FUNCTION crmhub_block_keys_deleted() RETURNS trigger LANGUAGE plpgsql ${PROBE_THE_INDEX} AS $$
BEGIN
  IF ${givesKeys('crmhub_old_profiles', 'o')} THEN
    DELETE FROM match_block_keys b USING (${finish(rows('o', 'crmhub_old_profiles'))}) g
     WHERE ${matches};
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION crmhub_block_keys_updated() RETURNS trigger LANGUAGE plpgsql ${PROBE_THE_INDEX} AS $$
BEGIN
  IF ${givesKeys('crmhub_old_profiles', 'o')} THEN
    DELETE FROM match_block_keys b
     USING (${finish(`${rows('o', 'crmhub_old_profiles')} EXCEPT ${rows('n', 'crmhub_new_profiles')}`)}) g
     WHERE ${matches};
  END IF;
  IF ${givesKeys('crmhub_new_profiles', 'n')} THEN
    INSERT INTO match_block_keys ${columns}
    ${finish(`${rows('n', 'crmhub_new_profiles')} EXCEPT ${rows('o', 'crmhub_old_profiles')}`)} ORDER BY ${order};
  END IF;
  RETURN NULL;
END $$;
`;
}

export const FUNCTIONS = deleteAndUpdateFunctions(contributions);

export async function up(knex: Knex): Promise<void> {
  await knex.raw(FUNCTIONS);
}

export async function down(knex: Knex): Promise<void> {
  // 016's definitions (a replaced function takes the new definition's settings: none).
  await knex.raw(FUNCTIONS_016.replace(/CREATE FUNCTION/g, 'CREATE OR REPLACE FUNCTION'));
}
