/**
 * Re-imports that skip the rows the identity map holds as they are (activities/pipeline/known-rows.ts)
 * load exactly what parsing every row loads: the same run ledgers, CRM rows, identity map,
 * quarantine and warnings, over a first import, an unchanged re-import and a re-import with
 * changes — changed rows, a new second row of a customer in the same batch and in a later batch,
 * a changed row whose unchanged twin follows in the next batch, exact duplicates, rows with bad
 * values (parsed again, so their warnings are reported again), rejects and a totals row. Both
 * with rows read on the load thread and in the row worker thread. And the skip does happen.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadImportRows } from '../activities/import/load-import-rows';
import { findKnownRows, recordKnownRows } from '../activities/pipeline/known-rows';
import { createSeenTable, seenTableName } from '../activities/pipeline/seen-rows';
import { prepareImport } from '../activities/import/prepare-import';
import { freshTestDatabase } from './support/test-database';

const mapping = {
  version: 1, entity: 'accounts', source: 'knownrows', locale: 'es',
  columns: { 'Código': 'external_id', 'Razón social': 'name', 'NIF': 'tax_id', 'Teléfono': 'phone', 'Email': 'email', 'Población': 'city' },
};
const BATCH = 400;
const dir = mkdtempSync(join(tmpdir(), 'crmhub-knownrows-'));

function row(i: number): string {
  if (i % 500 === 0) return `C${i};;;;;Madrid`; // no name: rejected
  if (i % 211 === 0) return `"C${i} ""q"" \\ {a,b}\tñ";Empresa ${i} SL;;;c${i}@ejemplo.es;Madrid`; // an id that needs quoting in SQL, arrays and JSON
  if (i % 301 === 0) return `C${i - 300};Empresa ${i} SL;;+34 91 123 45 67;x${i}@ejemplo.es;Sevilla`; // same id, an earlier batch
  if (i % 97 === 0) return `C${i};Empresa ${i} SL;B12345674;no es un teléfono;mal@;Bilbao`; // shared tax id, bad values
  return `C${i};Empresa ${i} SL;;;c${i}@ejemplo.es;Madrid`;
}

function writeFile(name: string, lines: string[]): string {
  const p = join(dir, name);
  writeFileSync(p, `${['Código;Razón social;NIF;Teléfono;Email;Población', ...lines, ';TOTAL;;;;2299'].join('\n')}\n`);
  return p;
}

const first = Array.from({ length: 2300 }, (_, i) => row(i + 1));
/** The first file with changes, each at a place a batch of 400 rows makes interesting. */
function changed(): string[] {
  const lines = [...first];
  lines[9] = 'C10;Empresa 10 renombrada SL;;;c10@ejemplo.es;Madrid'; // changed (row 10)…
  lines.splice(450, 0, row(10)); // …and its former content again in the next batch
  lines[20] = 'C21;Empresa 21 SL;;;c21@ejemplo.es;Toledo'; // changed city
  lines.splice(31, 0, 'C30;Sucursal 30 SL;;;otra30@ejemplo.es;Cuenca'); // a second row of C30, same batch
  lines.splice(1700, 0, 'C1200;Sucursal 1200 SL;;;otra1200@ejemplo.es;Soria'); // a second row of C1200, a later batch (row 1204 is in the batch of rows 1201–1600)
  lines.splice(60, 0, row(50)); // an exact duplicate of C50, same batch
  lines.splice(1900, 0, row(70)); // an exact duplicate of C70, a later batch
  lines.push('C9001;Empresa nueva SL;;;n@ejemplo.es;Lugo', 'C9002;Otra nueva SL;;no es un teléfono;;Lugo'); // new rows
  return lines;
}

/** The same cells mapped otherwise: Madrid becomes another city. */
const otherMapping = { ...mapping, columns: { ...mapping.columns, 'Población': { field: 'city', values: { Madrid: 'Madrid (capital)' } } } };

async function runSequence(opts: { skip: boolean; rowWorker: boolean; steps?: [file: string, mapping: unknown][] }) {
  const previous = process.env.CRMHUB_SKIP_KNOWN_ROWS;
  process.env.CRMHUB_SKIP_KNOWN_ROWS = opts.skip ? '1' : '0';
  const db = await freshTestDatabase();
  try {
    const steps = opts.steps ?? [[writeFile('first.csv', first), mapping], [writeFile('again.csv', first), mapping], [writeFile('changed.csv', changed()), mapping]];
    const runs = [];
    for (const [n, [file, stepMapping]] of steps.entries()) {
      const { runId } = await prepareImport(db, { file, entity: 'accounts', mapping: stepMapping, batchSize: BATCH, match: false }, { workflowId: `wf-${n}`, runId: 'r1' });
      await loadImportRows({ db, rowWorker: opts.rowWorker }, runId);
      const run = await db('sync_runs').where({ id: runId }).first();
      runs.push({
        ledger: [run.rows_read, run.rows_inserted, run.rows_updated, run.rows_unchanged, run.rows_merged, run.rows_rejected, run.rows_skipped, run.warnings, run.rows_warned, run.checkpoint_row],
        knownRows: (run.phase_ms as Record<string, number>).known_rows ?? 0,
        rejects: await db('rejected_rows').where({ sync_run_id: runId }).orderBy('row_number').select('row_number', 'reason', 'raw', 'issues', 'status'),
        warnings: await db('row_warnings').where({ sync_run_id: runId }).orderBy(['row_number', 'field']).select('row_number', 'field', 'column', 'raw_value', 'code', 'place'),
      });
    }
    return {
      runs,
      accounts: await db('accounts').orderBy(['name', 'email']).select('name', 'legal_form', 'tax_id', 'phone', 'email', 'city', 'extras'),
      identity: await db('source_records').orderBy('external_id')
        .select('external_id', 'data_hash', 'payload', 'resolved_by', 'row_hashes', 'members', 'last_place', 'first_run_id', 'last_run_id'),
      fingerprints: Number((await db('source_records').whereNotNull('row_fingerprint').count<{ n: string }[]>({ n: '*' }))[0]!.n),
    };
  } finally {
    await db.destroy();
    if (previous === undefined) delete process.env.CRMHUB_SKIP_KNOWN_ROWS;
    else process.env.CRMHUB_SKIP_KNOWN_ROWS = previous;
  }
}

const strip = (r: Awaited<ReturnType<typeof runSequence>>) => ({ ...r, runs: r.runs.map(({ knownRows: _k, ...rest }) => rest), fingerprints: null });

describe('re-imports skip the rows the identity map holds as they are', () => {
  it('and load exactly what parsing every row loads (rows read on the load thread)', async () => {
    const parsed = await runSequence({ skip: false, rowWorker: false });
    const skipped = await runSequence({ skip: true, rowWorker: false });
    const [, again, change] = skipped.runs;
    // The unchanged re-import: every clean row of one record is skipped; the rows with bad values,
    // and the groups of one customer's rows, are parsed (their warnings are reported again).
    expect(again!.ledger[3]).toBeGreaterThan(2000);
    expect(again!.knownRows).toBeGreaterThan(1900);
    expect(again!.knownRows).toBeLessThan(again!.ledger[3] as number);
    expect(again!.warnings.length).toBe(skipped.runs[0]!.warnings.length);
    expect(change!.knownRows).toBeGreaterThan(1900);
    expect(parsed.runs.every((r) => r.knownRows === 0)).toBe(true);
    expect(skipped.fingerprints).toBeGreaterThan(1900);
    expect(strip(skipped)).toEqual(strip(parsed));
    // The changes did what they say (so the comparison above covers them).
    expect(change!.ledger[2]).toBeGreaterThanOrEqual(4); // C10, C21, C30, C1200 updated
  });

  it('and the same with rows read in the worker thread', async () => {
    const parsed = await runSequence({ skip: false, rowWorker: false });
    const skipped = await runSequence({ skip: true, rowWorker: true });
    expect(skipped.runs[1]!.knownRows).toBeGreaterThan(1900);
    expect(skipped.runs[2]!.knownRows).toBeGreaterThan(1900);
    expect(strip(skipped)).toEqual(strip(parsed));
  });

  it('and parse every row again when the same file comes with another mapping (the same cells, other fields)', async () => {
    const file = writeFile('remapped.csv', first);
    const steps: [string, unknown][] = [[file, mapping], [file, otherMapping], [file, otherMapping]];
    const parsed = await runSequence({ skip: false, rowWorker: false, steps });
    const skipped = await runSequence({ skip: true, rowWorker: false, steps });
    const [, remapped, again] = skipped.runs;
    expect(remapped!.knownRows).toBe(0);
    expect(remapped!.ledger[2]).toBeGreaterThan(1000); // the Madrid rows, updated
    expect(again!.knownRows).toBeGreaterThan(1900); // and skipped once more under the new mapping
    expect(strip(skipped)).toEqual(strip(parsed));
    expect(skipped.accounts.filter((a) => a.city === 'Madrid (capital)').length).toBeGreaterThan(1000);
  });

  it('and find and record rows whose external ids hold quotes, a backslash, braces, a tab and a non-ASCII letter', async () => {
    const db = await freshTestDatabase();
    try {
      const file = writeFile('odd-ids.csv', first.slice(0, 700));
      const { runId } = await prepareImport(db, { file, entity: 'accounts', mapping, batchSize: BATCH, match: false }, { workflowId: 'wf-odd', runId: 'r1' });
      await loadImportRows({ db }, runId);
      const stored = await db('source_records').whereLike('external_id', '%"q"%').orderBy('external_id').select('external_id', 'row_fingerprint');
      expect(stored.map((r) => r.external_id)).toEqual(['C211 "q" \\ {a,b}\tñ', 'C422 "q" \\ {a,b}\tñ', 'C633 "q" \\ {a,b}\tñ']);
      const scope = { sourceSystem: 'knownrows', entityType: 'account' as const, runId: runId + 1 };
      // As the loader sends them: 32 hex digits.
      const fingerprints = stored.map((r) => String(r.row_fingerprint).replaceAll('-', ''));
      const known = await findKnownRows(db, scope, { externalIds: stored.map((r) => r.external_id), fingerprints });
      expect([...known.entries()]).toEqual(stored.map((r, i) => [fingerprints[i], r.external_id]));
      await createSeenTable(db, scope.runId);
      await db.transaction((trx) => recordKnownRows(trx, scope, seenTableName(scope.runId), stored.map((r, i) => ({ rowNumber: 10 + i, externalId: r.external_id, fingerprint: fingerprints[i]! }))));
      expect((await db(seenTableName(scope.runId)).orderBy('row_number').select('external_id')).map((r) => r.external_id)).toEqual(stored.map((r) => r.external_id));
    } finally {
      await db.destroy();
    }
  });
});
