/**
 * `crmhub dedupe --entity accounts|contacts [--dry-run] [--json] [--explain N]`: matches the whole
 * CRM (trains the model on it, blocks, scores, clusters), then applies automatic merges and queues
 * the doubtful pairs for review. A dry run prints the same figures and writes nothing.
 *
 * It runs as the dedupeCrm workflow (workflows/dedupe-crm.ts) on the command's Temporal (see
 * temporal-session.ts), with retries, progress, and a durable plan in work_chunks: a dedupe whose
 * command or worker died is resumed by the next `crmhub dedupe` of the same entity from the
 * chunks not applied yet, instead of starting over.
 */
import type { Knex } from 'knex';
import { chunkProgress } from '../../activities/match/work-chunks';
import type { DedupeCrmInput, DedupeCrmResult } from '../../workflows/dedupe-crm';
import { withDatabase } from '../database';
import { rerunWithHeapIfNeeded } from '../heap-for-records';
import { note, printJson, printLine, table } from '../output';
import { withTemporal } from '../temporal-session';

/** The newest dedupe of the entity whose plan was written but not finished, if any. */
async function unfinishedJob(db: Knex, entity: string): Promise<string | null> {
  const row = await db('work_chunks').where({ chunk_no: -1 }).where('job', 'like', `dedupe:${entity}:%`)
    .whereRaw("result->'finished' IS NULL").orderBy('created_at', 'desc').first<{ job: string } | undefined>('job');
  return row?.job ?? null;
}

export async function dedupeCommand(o: { entity: 'accounts' | 'contacts'; dryRun?: boolean; json?: boolean; explain?: string; clustersPerChunk?: string }): Promise<number> {
  const rerun = await withDatabase(async (db) => {
    const { rows } = await db.raw<{ rows: { n: string }[] }>(`SELECT count(*) AS n FROM ${o.entity === 'contacts' ? 'contacts' : 'accounts'} WHERE deleted_at IS NULL`);
    return rerunWithHeapIfNeeded(Number(rows[0]?.n ?? 0));
  });
  if (rerun !== null) return rerun;
  return withDatabase(async (db) => {
    const explain = Math.max(0, Number(o.explain ?? 0) || 0);
    const started = Date.now();
    const say = o.json ? () => undefined : (line: string) => note(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);
    const resumed = o.dryRun ? null : await unfinishedJob(db, o.entity);
    const job = resumed ?? `dedupe:${o.entity}:${o.dryRun ? 'dry-' : ''}${Date.now().toString(36)}`;
    if (resumed) say(`resuming the unfinished dedupe ${resumed} from its plan`);
    const input: DedupeCrmInput = {
      job, entity: o.entity, dryRun: !!o.dryRun, ...(explain ? { explain } : {}),
      ...(o.clustersPerChunk ? { clustersPerChunk: Number(o.clustersPerChunk) } : {}),
    };
    const { summary, examples } = await withTemporal(db, async (t) => {
      const handle = await t.client.workflow.start('dedupeCrm', {
        taskQueue: t.taskQueue,
        workflowId: `crmhub-${job.replaceAll(':', '-')}`,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      say(`finding duplicates among the ${o.entity} (workflow ${handle.workflowId})`);
      let last = '';
      const timer = setInterval(() => {
        void chunkProgress(db, job).then((p) => {
          const line = p.total ? `applying the plan: ${p.done}/${p.total} chunks done` : '';
          if (line && line !== last) say(line);
          last = line;
        }).catch(() => undefined);
      }, 2000);
      try {
        return (await handle.result()) as DedupeCrmResult;
      } finally {
        clearInterval(timer);
      }
    }, { quiet: o.json });
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
