/**
 * `crmhub demo` (what `npm start` runs): migrate, then import the sample exports shipped in
 * examples/ (Spanish, Catalan, Italian, Polish and Russian files, with duplicates and a few bad
 * rows) through Temporal, and print the reports and where to look next.
 */
import { join } from 'node:path';
import { EXAMPLES } from '../../examples/expected';
import { withDatabase } from '../database';
import { note, printJson, printLine } from '../output';
import { formatReport } from '../report';
import { withTemporal } from '../temporal-session';
import { runImport } from './import-command';
import { loadMappingFile } from '../../domain/mapping';
import { databaseUrl, redactUrl } from '../../db/config';

const ROOT = join(__dirname, '..', '..');

export async function demoCommand(o: { json?: boolean }): Promise<number> {
  return withDatabase(async (db) => {
    const reports = await withTemporal(db, async (t) => {
      const out = [];
      // Accounts first: contacts refer to them.
      const ordered = [...EXAMPLES].sort((a, b) => (a.entity === b.entity ? 0 : a.entity === 'accounts' ? -1 : 1));
      for (const ex of ordered) {
        if (!o.json) note(`\n→ importing ${ex.file} (${ex.entity}) with ${ex.mapping}`);
        const mapping = await loadMappingFile(join(ROOT, ex.mapping));
        const { report, alreadyImported } = await runImport(db, t, { file: join(ROOT, ex.file), entity: ex.entity, mapping, dryRun: false }, { json: o.json });
        out.push({ ...report, alreadyImported });
        if (!o.json) printLine(formatReport(report, { alreadyImported }));
      }
      return { reports: out, temporal: { address: t.address, kind: t.serverKind } };
    });
    const totals = await db.raw(`SELECT (SELECT count(*) FROM accounts WHERE deleted_at IS NULL) AS accounts,
                                        (SELECT count(*) FROM contacts WHERE deleted_at IS NULL) AS contacts,
                                        (SELECT count(*) FROM source_records) AS source_records,
                                        (SELECT count(*) FROM rejected_rows WHERE status = 'open') AS open_rejects`);
    const t = totals.rows[0];
    if (o.json) {
      printJson({ ...reports, crm: { accounts: Number(t.accounts), contacts: Number(t.contacts), sourceRecords: Number(t.source_records), openRejects: Number(t.open_rejects) } });
    } else {
      printLine(`\nThe CRM now holds ${t.accounts} accounts and ${t.contacts} contacts, traced to ${t.source_records} source records; ${t.open_rejects} rows wait in quarantine.`);
      printLine('Where to look:');
      printLine('  npm run crmhub -- runs                  the run ledger');
      printLine('  npm run crmhub -- rejects <run> --csv   quarantined rows with their reasons, ready to fix');
      printLine(`  psql ${redactUrl(databaseUrl())} -c "select name, legal_form, tax_id_country, tax_id, phone from accounts"`);
      printLine('  npm run crmhub -- dev                   a persistent Temporal dev server with its Web UI on http://127.0.0.1:8233');
      printLine('Run `npm start` again: every row comes back unchanged (same content hash), nothing is rewritten.');
    }
    return reports.reports.some((r) => r.status === 'failed') ? 1 : 0;
  }, { migrate: true });
}
