/** The end-of-import report a person reads (and the JSON one a script reads). */
import type { ImportReport } from '../activities/import/sync-runs';

export function formatReport(r: ImportReport, extra: { alreadyImported?: boolean } = {}): string {
  const c = r.counts;
  const lines = [
    `${r.dryRun ? 'DRY RUN — nothing was written to the CRM. ' : ''}Import ${r.status}: run ${r.runId} (${r.entity} from ${r.file ?? '?'}${r.sheet ? `, sheet "${r.sheet}"` : ''}, source ${r.sourceSystem})`,
    extra.alreadyImported ? 'This exact import was already submitted: showing that run (use --force to import the file again).' : null,
    `  read       ${c.read}`,
    `  inserted   ${c.inserted}`,
    `  updated    ${c.updated}`,
    `  unchanged  ${c.unchanged}`,
    `  merged     ${c.merged}   (rows that joined a record found by tax id or e-mail)`,
    `  rejected   ${c.rejected}${c.rejected ? `   → crmhub rejects ${r.runId}` : ''}`,
    r.error ? `  error      ${r.errorType ? `[${r.errorType}] ` : ''}${r.error}` : null,
    `  workflow   ${r.workflowId ?? '-'}`,
  ];
  return lines.filter((l): l is string => l !== null).join('\n');
}
