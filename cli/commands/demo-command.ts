/**
 * `crmhub demo` (what `npm start` runs): migrate, then import the sample exports shipped in
 * examples/ (Spanish, Catalan, Italian, Polish and Russian files, with duplicates and a few bad
 * rows, and a web-shop export whose customers the ERP already knows) through Temporal, and print the
 * reports, what the match stage merged or queued for review, and where to look next.
 */
import { join } from 'node:path';
import type { Knex } from 'knex';
import { EXAMPLES } from '../../examples/expected';
import { withDatabase } from '../database';
import { note, printJson, printLine } from '../output';
import { formatReport } from '../report';
import { withTemporal } from '../temporal-session';
import { runImport } from './import-command';
import { loadMappingFile } from '../../domain/mapping';
import { databaseUrl, redactUrl } from '../../db/config';
import { runDemoSegmentation } from './demo-segmentation';

const ROOT = join(__dirname, '..', '..');
const MERGES_SHOWN = 5;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Live merges (not undone) with the names they joined as the sources wrote them (legal_name keeps
 * "S.L." and the shop's lower case, which `name` folds away) and the sources the survivor's fields
 * came from; and the pairs still pending review.
 */
async function entityResolutionSummary(db: Knex): Promise<{ merges: { id: string; survivor: string; absorbed: string; sources: string | null }[]; reviewPending: number }> {
  const merges = await db.raw(`SELECT m.id::text AS id,
                                      coalesce(s.legal_name, s.name, c.first_name || ' ' || c.last_name) AS survivor,
                                      (SELECT string_agg(coalesce(a.legal_name, a.name, ac.first_name || ' ' || ac.last_name), ', ')
                                         FROM unnest(m.absorbed_ids) x(id)
                                         LEFT JOIN accounts a ON m.entity_type = 'accounts' AND a.id = x.id
                                         LEFT JOIN contacts ac ON m.entity_type = 'contacts' AND ac.id = x.id) AS absorbed,
                                      (SELECT string_agg(DISTINCT f.value->>'sourceSystem', ', ')
                                         FROM jsonb_each(coalesce(m.lineage, '{}'::jsonb)) f
                                        WHERE jsonb_typeof(f.value) = 'object') AS sources
                                 FROM merge_history m
                                 LEFT JOIN accounts s ON m.entity_type = 'accounts' AND s.id = m.survivor_id
                                 LEFT JOIN contacts c ON m.entity_type = 'contacts' AND c.id = m.survivor_id
                                WHERE m.undone_at IS NULL AND m.undo_of IS NULL
                                ORDER BY m.id`);
  const [pending] = await db('review_queue').where({ status: 'pending' }).count<{ count: string }[]>({ count: '*' });
  return { merges: merges.rows, reviewPending: Number(pending?.count ?? 0) };
}

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
      if (!o.json) note('\n→ a small ERP dataset (invoices, receivables, visits) and the segmentation templates: one pass of the rules');
      const segmentation = await runDemoSegmentation(db, t);
      return { reports: out, segmentation, temporal: { address: t.address, kind: t.serverKind } };
    });
    const totals = await db.raw(`SELECT (SELECT count(*) FROM accounts WHERE deleted_at IS NULL) AS accounts,
                                        (SELECT count(*) FROM contacts WHERE deleted_at IS NULL) AS contacts,
                                        (SELECT count(*) FROM source_records) AS source_records,
                                        (SELECT count(*) FROM rejected_rows WHERE status = 'open') AS open_rejects`);
    const t = totals.rows[0];
    const resolution = await entityResolutionSummary(db);
    if (o.json) {
      printJson({
        ...reports,
        crm: { accounts: Number(t.accounts), contacts: Number(t.contacts), sourceRecords: Number(t.source_records), openRejects: Number(t.open_rejects) },
        entityResolution: { merges: resolution.merges.length, reviewPending: resolution.reviewPending },
        segmentation: { asOf: reports.segmentation.pass.asOf, status: reports.segmentation.pass.status, segments: reports.segmentation.segments },
      });
    } else {
      printLine(`\nThe CRM now holds ${t.accounts} accounts and ${t.contacts} contacts, traced to ${t.source_records} source records; ${t.open_rejects} rows wait in quarantine.`);
      printLine(`The same customers arrived from several sources: ${plural(resolution.merges.length, 'merge')} made automatically (each logged, reversible), ${plural(resolution.reviewPending, 'pair')} wait in review.`);
      for (const m of resolution.merges.slice(0, MERGES_SHOWN)) {
        printLine(`  merge ${m.id.padEnd(4)} ${m.survivor} ← ${m.absorbed}${m.sources ? `   (${m.sources})` : ''}`);
      }
      if (resolution.merges.length > MERGES_SHOWN) printLine(`  … and ${resolution.merges.length - MERGES_SHOWN} more`);
      const seg = reports.segmentation;
      printLine(`Segmentation as of ${seg.pass.asOf}: ${seg.pass.rules.length} rules (${seg.pass.status}) over ${seg.facts.invoices} demo invoices, ${seg.facts.receivables} receivables and ${seg.facts.visits} visits.`);
      for (const s of seg.segments) printLine(`  ${s.rule.padEnd(24)} ${(s.value ?? 'tag').padEnd(10)} ${s.members}`);
      printLine('Where to look:');
      printLine('  npm run crmhub -- rules list            the rules, their last run and age; rules explain <rule> <account> says why');
      printLine('  npm run crmhub -- report segments       members per tag and tier, entered/left, tier moves, turnover per tier');
      printLine('  npm run crmhub -- review list           the pairs waiting for a decision (review show <id> explains the score)');
      printLine(`  npm run crmhub -- unmerge <id>          undo a merge exactly${resolution.merges[0] ? `, e.g. unmerge ${resolution.merges[0].id}` : ''}; the pair is never proposed again`);
      printLine('  npm run crmhub -- runs                  the run ledger');
      printLine('  npm run crmhub -- rejects <run> --csv   quarantined rows with their reasons, ready to fix');
      printLine(`  psql ${redactUrl(databaseUrl())} -c "select name, legal_form, tax_id_country, tax_id, phone from accounts"`);
      printLine('  npm run crmhub -- dev                   a persistent Temporal dev server with its Web UI on http://127.0.0.1:8233');
      printLine('Run `npm start` again: every row comes back unchanged (same content hash), nothing is rewritten.');
    }
    return reports.reports.some((r) => r.status === 'failed') ? 1 : 0;
  }, { migrate: true });
}
