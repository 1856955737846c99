/**
 * `crmhub dedupe --entity accounts|contacts [--dry-run] [--json] [--explain N]`: matches the whole
 * CRM (trains the model on it, blocks, scores, clusters), then applies automatic merges and queues
 * the doubtful pairs for review. A dry run prints the same figures and writes nothing.
 */
import { dedupe } from '../../activities/match/dedupe';
import { withDatabase } from '../database';
import { rerunWithHeapIfNeeded } from '../heap-for-records';
import { note, printJson, printLine, table } from '../output';

export async function dedupeCommand(o: { entity: 'accounts' | 'contacts'; dryRun?: boolean; json?: boolean; explain?: string }): Promise<number> {
  const rerun = await withDatabase(async (db) => {
    const { rows } = await db.raw<{ rows: { n: string }[] }>(`SELECT count(*) AS n FROM ${o.entity === 'contacts' ? 'contacts' : 'accounts'} WHERE deleted_at IS NULL`);
    return rerunWithHeapIfNeeded(Number(rows[0]?.n ?? 0));
  });
  if (rerun !== null) return rerun;
  return withDatabase(async (db) => {
    const explain = Math.max(0, Number(o.explain ?? 0) || 0);
    const started = Date.now();
    const { summary, examples } = await dedupe(db, {
      entity: o.entity, dryRun: !!o.dryRun, explain,
      onPhase: o.json ? undefined : (phase) => note(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${phase}`),
    });
    if (o.json) {
      printJson({ ...summary, examples });
      return 0;
    }
    const s = summary;
    printLine(`${s.dryRun ? 'Dry run: ' : ''}${s.records} ${s.entity} matched (${s.modelTrained ? 'model trained on them' : 'default model'})`);
    printLine(`  candidate pairs ${s.candidatePairs}; clusters: ${s.clusters.auto} automatic, ${s.clusters.review} for review`);
    if (s.dryRun) printLine('  nothing written: run without --dry-run to merge and queue reviews');
    else printLine(`  merged ${s.recordsAbsorbed} records in ${s.merges} merges; ${s.reviewQueued} pairs queued (crmhub review list)`);
    if (s.skippedDecidedPairs) printLine(`  ${s.skippedDecidedPairs} pairs skipped: already decided by a person or undone`);
    printLine(table(Object.entries(s.ms).map(([phase, ms]) => ({ phase, seconds: (ms / 1000).toFixed(1) })), ['phase', 'seconds']));
    for (const e of examples) printLine(`\n${e}`);
    return 0;
  });
}
