/**
 * An import's match stage: after its rows are loaded, the records it created or changed are
 * matched against the CRM (incrementally, through the profiles' GIN index). Fuzzy matches become
 * logged, reversible merges or review items, never silent overwrites, so `crmhub unmerge` can undo
 * any of them. (Exact evidence — the identity map, a valid tax id, an e-mail — already resolved rows
 * inside the load's resolve stage.)
 */
import type { Knex } from 'knex';
import { matchChangedRecords } from './incremental-match';
import { refreshGoldenRecords } from './refresh-golden-records';
import type { MatchSummary } from './match-summary';

export async function matchAfterImport(db: Knex, runId: number): Promise<MatchSummary | null> {
  const run = await db('sync_runs').where({ id: runId }).first<{ entity_type: string; dry_run: boolean; status: string; match_summary: MatchSummary | null } | undefined>();
  if (!run) throw new Error(`sync run ${runId} does not exist`);
  if (run.dry_run) return null; // a dry run wrote nothing to match
  if (run.match_summary) return run.match_summary; // a retried activity: the stage already ran
  const entity = run.entity_type === 'contact' ? 'contacts' : 'accounts';
  const t0 = performance.now();
  const recomputed = await refreshGoldenRecords(db, entity, runId);
  const goldenMs = Math.round(performance.now() - t0);
  const summary = await matchChangedRecords(db, entity, { decidedBy: 'auto' });
  summary.recomputed = recomputed;
  summary.ms = { survivorship: goldenMs, ...summary.ms };
  await db('sync_runs').where({ id: runId }).update({ match_summary: JSON.stringify(summary), updated_at: db.fn.now() });
  return summary;
}
