import { describe, expect, it } from 'vitest';
import type { Context } from '@temporalio/activity';
import { importMetricsInterceptor, type ImportMetrics } from './worker-metrics';

function fakeContext(activityType: string, heartbeatDetails?: unknown) {
  const sent: unknown[] = [];
  const ctx = { info: { activityType, heartbeatDetails }, heartbeatFn: (d: unknown) => sent.push(d) };
  return { ctx: ctx as unknown as Context, sent, send: (d: unknown) => (ctx as unknown as { heartbeatFn: (d: unknown) => void }).heartbeatFn(d) };
}

const progress = (checkpointRow: number, read: number, rejected: number) => ({ checkpointRow, counts: { read, rejected, inserted: 0, updated: 0, unchanged: 0, merged: 0, skipped: 0 } });

describe('importMetricsInterceptor', () => {
  it('turns the load\'s cumulative heartbeats into per-batch rows and quarantine counts, and still heartbeats', () => {
    const batches: Parameters<ImportMetrics['batchCommitted']>[0][] = [];
    const f = fakeContext('loadImportRows', progress(4000, 4000, 3)); // a retry: the previous attempt's last heartbeat
    importMetricsInterceptor({ batchCommitted: (b) => batches.push(b) })(f.ctx);
    f.send(progress(6000, 6000, 5));
    f.send(progress(8000, 8000, 5));
    f.send('not progress');
    expect(batches.map(({ rows, quarantined }) => ({ rows, quarantined }))).toEqual([{ rows: 2000, quarantined: 2 }, { rows: 2000, quarantined: 0 }]);
    expect(batches.every((b) => b.latencyMs >= 0)).toBe(true);
    expect(f.sent).toHaveLength(3); // every heartbeat still reaches Temporal
  });

  it('leaves other activities alone', () => {
    const f = fakeContext('finalizeImport');
    const before = (f.ctx as unknown as { heartbeatFn: unknown }).heartbeatFn;
    importMetricsInterceptor({ batchCommitted: () => { throw new Error('no'); } })(f.ctx);
    expect((f.ctx as unknown as { heartbeatFn: unknown }).heartbeatFn).toBe(before);
  });
});
