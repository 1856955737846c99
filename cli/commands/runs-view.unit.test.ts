import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../../activities/pipeline/sync-runs';
import { formatCursor, runJson, runRow } from './runs-view';

const base: ImportReport = {
  runId: 7, status: 'succeeded', dryRun: false, sourceSystem: 'erp', entity: 'invoice_lines', file: null, fileSha256: null, sheet: null,
  workflowId: 'sync-erp', counts: { read: 10, inserted: 8, updated: 1, unchanged: 1, rejected: 0, merged: 0, skipped: 0 },
  warnings: { total: 0, rows: 0 }, replayOf: null, sync: null, match: null, error: null, errorType: null,
  startedAt: '2026-12-03T10:00:00.000Z', finishedAt: null,
};

describe('crmhub runs: imports and syncs side by side', () => {
  it.each([
    [null, ''],
    [{ mode: 'incremental', updatedAt: '2026-11-01 09:00:00.000000', externalId: '42' }, '2026-11-01 09:00:00.000000 #42'],
    [{ mode: 'incremental', updatedAt: '2026-11-01 08:55:00', externalId: null }, '≥ 2026-11-01 08:55:00'],
    [{ mode: 'snapshot', externalId: '9' }, '#9'],
    [{ index: 2 }, 'file 3'],
    [{ other: true }, '{"other":true}'],
  ])('formats cursor %j as %s', (cursor, text) => {
    expect(formatCursor(cursor)).toBe(text);
  });

  it('a sync shows its stream and the cursors it started and ended at', () => {
    const r = { ...base, sync: { stream: 'invoice_lines', mode: 'incremental', cursorFrom: { mode: 'incremental', updatedAt: '2026-11-01 08:55:00', externalId: null }, cursorTo: { mode: 'incremental', updatedAt: '2026-11-02 10:00:00', externalId: '3' }, settled: 0 } };
    expect(runRow(r)).toMatchObject({ kind: 'sync', what: 'invoice_lines', from: '≥ 2026-11-01 08:55:00', to: '2026-11-02 10:00:00 #3', settled: 0 });
    expect(runJson(r)).toMatchObject({ kind: 'sync', stream: 'invoice_lines', cursorFrom: r.sync.cursorFrom, cursorTo: r.sync.cursorTo, runId: 7 });
  });

  it('a first incremental sync starts from the start; a snapshot always does', () => {
    const first = { ...base, sync: { stream: 'invoices', mode: 'incremental', cursorFrom: null, cursorTo: { mode: 'incremental', updatedAt: 'x', externalId: '1' }, settled: 0 } };
    expect(runRow(first)).toMatchObject({ from: 'start', to: 'x #1' });
    const snap = { ...base, sync: { stream: 'receivables', mode: 'snapshot', cursorFrom: null, cursorTo: { mode: 'snapshot', externalId: '5' }, settled: 2 } };
    expect(runRow(snap)).toMatchObject({ what: 'receivables (snapshot)', from: 'start', to: '#5', settled: 2 });
  });

  it('an import shows its entity and file, no cursors', () => {
    const r = { ...base, entity: 'accounts' as const, file: 'clientes.csv' };
    expect(runRow(r)).toMatchObject({ kind: 'import', what: 'accounts ← clientes.csv', from: '', to: '', settled: '' });
    expect(runJson(r)).toMatchObject({ kind: 'import', stream: null, cursorFrom: null, cursorTo: null });
  });
});
