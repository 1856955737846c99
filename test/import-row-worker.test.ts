/**
 * The row worker thread (activities/import/row-worker.ts) against a real PostgreSQL: the same file
 * loaded with its rows read in a worker thread and on the load loop's own thread gives the same
 * run — counts, checkpoint, CRM rows, identity map, quarantine and warnings — including groups of
 * one external id across batches, merges by tax id, bad values, rejected rows and a totals row;
 * and a bad file fails with the same classified error.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { loadImportRows } from '../activities/import/load-import-rows';
import { prepareImport } from '../activities/import/prepare-import';
import { classify } from '../activities/errors';
import { freshTestDatabase } from './support/test-database';

const mapping = {
  version: 1, entity: 'accounts', source: 'rowworker', locale: 'es',
  columns: { 'Código': 'external_id', 'Razón social': 'name', 'NIF': 'tax_id', 'Teléfono': 'phone', 'Email': 'email', 'Población': 'city' },
};

const dir = mkdtempSync(join(tmpdir(), 'crmhub-rowworker-'));
function writeFile(): string {
  const p = join(dir, 'mixed.csv');
  const lines = ['Código;Razón social;NIF;Teléfono;Email;Población'];
  for (let i = 1; i <= 2300; i++) {
    if (i % 500 === 0) lines.push(`C${i};;;;;Madrid`); // no name: rejected
    else if (i % 301 === 0) lines.push(`C${i - 300};Empresa ${i} SL;;+34 91 123 45 67;x${i}@ejemplo.es;Sevilla`); // same id, an earlier batch
    else if (i % 97 === 0) lines.push(`C${i};Empresa ${i} SL;B12345674;no es un teléfono;mal@;Bilbao`); // shared tax id, bad values
    else lines.push(`C${i};Empresa ${i} SL;;;c${i}@ejemplo.es;Madrid`);
  }
  lines.push(';TOTAL;;;;2299');
  writeFileSync(p, `${lines.join('\n')}\n`);
  return p;
}

async function loadWith(rowWorker: boolean, file: string) {
  const db = await freshTestDatabase();
  try {
    const { runId } = await prepareImport(db, { file, entity: 'accounts', mapping, batchSize: 400, match: false }, { workflowId: `wf-${rowWorker}`, runId: 'r1' });
    await loadImportRows({ db, rowWorker }, runId);
    const run = await db('sync_runs').where({ id: runId }).first();
    return {
      ledger: [run.rows_read, run.rows_inserted, run.rows_updated, run.rows_unchanged, run.rows_merged, run.rows_rejected, run.rows_skipped, run.warnings, run.rows_warned, run.checkpoint_row],
      accounts: await db('accounts').orderBy(['name', 'email']).select('name', 'legal_form', 'tax_id', 'phone', 'email', 'city', 'extras'),
      identity: await db('source_records').orderBy('external_id').select('external_id', 'data_hash', 'payload', 'resolved_by', 'row_hashes', 'members', 'last_place'),
      rejects: await db('rejected_rows').orderBy('row_number').select('row_number', 'reason', 'raw', 'issues', 'status'),
      warnings: await db('row_warnings').orderBy(['row_number', 'field']).select('row_number', 'field', 'column', 'raw_value', 'code', 'place'),
    };
  } finally {
    await db.destroy();
  }
}

describe("a command's policy: the thread for re-imports only", () => {
  it('reads a first import on the load thread and the re-import of a source in the thread, unless CRMHUB_ROW_WORKER says otherwise', async () => {
    const file = writeFile();
    const db = await freshTestDatabase();
    const previous = process.env.CRMHUB_ROW_WORKER;
    delete process.env.CRMHUB_ROW_WORKER;
    try {
      const load = async (n: number) => {
        const { runId } = await prepareImport(db, { file, entity: 'accounts', mapping, batchSize: 400, match: false }, { workflowId: `wf-policy-${n}`, runId: 'r1' });
        await loadImportRows({ db, rowWorker: 'reimports', rowWorkerMinBytes: 0 }, runId);
        const run = await db('sync_runs').where({ id: runId }).first();
        const phases = run.phase_ms as Record<string, number>;
        return { thread: phases.worker_start !== undefined, known: phases.known_rows ?? 0, unchanged: run.rows_unchanged as number };
      };
      expect(await load(1)).toMatchObject({ thread: false, known: 0 });
      const again = await load(2);
      expect(again.thread).toBe(true);
      expect(again.known).toBeGreaterThan(1900);
      process.env.CRMHUB_ROW_WORKER = '0';
      expect(await load(3)).toMatchObject({ thread: false, unchanged: again.unchanged });
    } finally {
      if (previous === undefined) delete process.env.CRMHUB_ROW_WORKER;
      else process.env.CRMHUB_ROW_WORKER = previous;
      await db.destroy();
    }
  });
});

describe('rows read in a worker thread', () => {
  let last: Knex | null = null;
  afterAll(async () => {
    await last?.destroy();
  });

  it('load the same as rows read on the load thread', async () => {
    const file = writeFile();
    const inWorker = await loadWith(true, file);
    const inThread = await loadWith(false, file);
    expect(inWorker.ledger[0]).toBe(2301); // every row read, the totals row too…
    expect(inWorker.ledger[6]).toBe(1); // …which is skipped
    expect(inWorker.rejects.length).toBeGreaterThan(0);
    expect(inWorker.warnings.length).toBeGreaterThan(0);
    expect(inWorker.identity.some((r) => r.members !== null)).toBe(true); // a group across batches
    expect(inWorker.ledger[4]).toBeGreaterThan(0); // merges by tax id and by external id
    expect(inWorker).toEqual(inThread);
  });

  it('a file that turns out unreadable while loading fails with the same classified error', async () => {
    const p = join(dir, 'nul.csv');
    const head = 'Código;Razón social\n';
    const body = Array.from({ length: 20000 }, (_, i) => `N${i};Empresa ${i}`).join('\n');
    writeFileSync(p, Buffer.concat([Buffer.from(head + body), Buffer.from([0, 0, 0, 0]), Buffer.from('\nX;Y\n')]));
    const errors: unknown[] = [];
    for (const rowWorker of [true, false]) {
      const db = await freshTestDatabase();
      last = db;
      const { runId } = await prepareImport(db, { file: p, entity: 'accounts', mapping: { ...mapping, columns: { 'Código': 'external_id', 'Razón social': 'name' } }, match: false },
        { workflowId: `wf-nul-${rowWorker}`, runId: 'r1' });
      errors.push(await loadImportRows({ db, rowWorker }, runId).then(() => null, (err: unknown) => classify(err)));
      await db.destroy();
      last = null;
    }
    const [w, t] = errors as { message?: string; type?: string }[];
    expect(t).not.toBeNull();
    expect({ type: w?.type, message: w?.message }).toEqual({ type: t?.type, message: t?.message });
  });
});
