/**
 * The "not a duplicate" decisions, on their own. Every batch of automatic merges asks whether a
 * person said two of its records are different (merge-many.ts): a probe per merged record into
 * the unique index of all decisions, which the merges themselves fill with "duplicate" rows (one
 * per absorbed record). At 853k accounts that index held 272k rows by the end of a dedupe, and the
 * check grew to 100–175 ms a batch of 1,000 merges, 10.8 s of the dedupe's statements (measured
 * with pg_stat_statements, 2026-12-05). This partial index holds only what people decided.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX match_decisions_not_duplicate ON match_decisions (entity_type, record_a, record_b) WHERE decision = 'not_duplicate'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX match_decisions_not_duplicate');
}
