/**
 * ABC (Pareto) keeps its cut-offs per run (issue 10 §6): the key (12-month turnover, account id)
 * of the last A and the last B account and the total, instead of every account's cumulative share.
 * A class is the account's key against them; `account_metrics.value` of an ABC rule is the
 * turnover the account was ranked by, rewritten only when that turnover changes (the share moved
 * for nearly every account every night: ~545,000 rows rewritten at 1 M accounts).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE segment_runs ADD COLUMN pareto_cutoffs jsonb');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE segment_runs DROP COLUMN pareto_cutoffs');
}
