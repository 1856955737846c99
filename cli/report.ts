/** The end-of-import report a person reads (and the JSON one a script reads). */
import type { ImportReport } from '../activities/pipeline/sync-runs';
import { MatchSummary } from '../activities/match/match-summary';

export function formatReport(r: ImportReport, extra: { alreadyImported?: boolean } = {}): string {
  const c = r.counts;
  const lines = [
    `${r.dryRun ? 'DRY RUN — nothing was written to the CRM. ' : ''}Import ${r.status}: run ${r.runId} (${r.entity} from ${r.file ?? '?'}${r.sheet ? `, sheet "${r.sheet}"` : ''}, source ${r.sourceSystem})`,
    extra.alreadyImported ? 'This exact import was already submitted: showing that run (use --force to import the file again).' : null,
    `  read       ${c.read}`,
    `  inserted   ${c.inserted}`,
    `  updated    ${c.updated}`,
    `  unchanged  ${c.unchanged}`,
    `  merged     ${c.merged}   (rows that joined a record: the same tax id or e-mail, or the same external id twice)`,
    `  rejected   ${c.rejected}${c.rejected ? `   → crmhub rejects ${r.runId}` : ''}`,
    c.skipped ? `  skipped    ${c.skipped}   (totals and footers, not records → crmhub rejects ${r.runId} --all)` : null,
    r.warnings.total ? `  warnings   ${r.warnings.total} value(s) dropped on ${r.warnings.rows} row(s) that loaded without them → crmhub rejects ${r.runId} --warnings` : null,
    r.replayOf ? `  replays    the rejected rows of run ${r.replayOf}` : null,
    matchLine(r.match),
    r.error ? `  error      ${r.errorType ? `[${r.errorType}] ` : ''}${r.error}` : null,
    `  workflow   ${r.workflowId ?? '-'}`,
  ];
  return lines.filter((l): l is string => l !== null).join('\n');
}

/** The match stage in one line: what it compared and what it decided. */
function matchLine(raw: unknown): string | null {
  const parsed = MatchSummary.safeParse(raw);
  if (!parsed.success) return null;
  const m = parsed.data;
  const review = m.reviewQueued ? `, ${m.reviewQueued} pairs to review → crmhub review list` : '';
  return `  matching   ${m.records} new or changed records vs ${m.candidates} candidates: ${m.merges} merges (${m.recordsAbsorbed} absorbed${m.recordsAbsorbed ? ', undo with crmhub unmerge' : ''})${review}`;
}
