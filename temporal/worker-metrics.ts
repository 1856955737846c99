/**
 * crmhub's own worker metrics, exported through the Temporal runtime's Prometheus endpoint beside
 * the SDK's `temporal_*` metrics (custom metrics get no prefix):
 *
 *   crmhub_import_rows_total              rows of imports this worker committed (rate() = rows/s)
 *   crmhub_import_rows_quarantined_total  rows of those that were quarantined (rejected)
 *   crmhub_import_batches_total           committed batches
 *   crmhub_import_batch_latency           histogram, ms from one committed batch to the next
 *   crmhub_import_rows_per_second         the last batch's rate, for dashboards without PromQL
 *
 * They are read from the load activity's heartbeats, which it sends once per committed batch with
 * its cumulative counts (`LoadProgress`), through an activity interceptor: the import code is not
 * aware of metrics. The first batch of a retried attempt counts from the previous attempt's last
 * heartbeat, so a heartbeat lost in a crash makes that one batch look larger, never negative.
 */
import type { ActivityInboundCallsInterceptor, ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Context } from '@temporalio/activity';
import type { MetricMeter } from '@temporalio/common';
import type { LoadProgress } from '../activities/pipeline/load-loop';

export interface ImportMetrics {
  batchCommitted(o: { rows: number; quarantined: number; latencyMs: number }): void;
}

export function importMetrics(meter: MetricMeter): ImportMetrics {
  const rows = meter.createCounter('crmhub_import_rows_total', 'rows', 'rows of imports committed by this worker');
  const quarantined = meter.createCounter('crmhub_import_rows_quarantined_total', 'rows', 'rows committed to quarantine (rejected) by this worker');
  const batches = meter.createCounter('crmhub_import_batches_total', 'batches', 'import batches committed by this worker');
  const latency = meter.createHistogram('crmhub_import_batch_latency', 'float', 'ms', 'time from one committed import batch to the next');
  const rate = meter.createGauge('crmhub_import_rows_per_second', 'float', 'rows/s', 'rows per second of the last committed batch');
  // Exported from the first batch on, zeros included: a dashboard can tell "none" from "no data".
  return {
    batchCommitted(o) {
      rows.add(Math.max(0, o.rows));
      quarantined.add(Math.max(0, o.quarantined));
      batches.add(1);
      latency.record(Math.max(0, o.latencyMs));
      if (o.latencyMs > 0) rate.set((o.rows * 1000) / o.latencyMs);
    },
  };
}

function isLoadProgress(d: unknown): d is LoadProgress {
  const c = (d as LoadProgress | undefined)?.counts;
  return typeof (d as LoadProgress | undefined)?.checkpointRow === 'number' && typeof c?.read === 'number' && typeof c?.rejected === 'number';
}

/** Activity interceptor factory: observes the heartbeats of `loadImportRows`. */
export function importMetricsInterceptor(metrics: ImportMetrics): ActivityInterceptorsFactory {
  return (ctx: Context) => {
    if (ctx.info.activityType !== 'loadImportRows') return {};
    const holder = ctx as unknown as { heartbeatFn?: (d?: unknown) => void };
    const send = holder.heartbeatFn;
    if (typeof send !== 'function') return {}; // an SDK without this field: no batch metrics, the activity is unaffected
    const previous = ctx.info.heartbeatDetails;
    let last = isLoadProgress(previous) ? previous.counts : null;
    let lastAt = performance.now();
    holder.heartbeatFn = (d?: unknown) => {
      if (isLoadProgress(d)) {
        const now = performance.now();
        metrics.batchCommitted({
          rows: d.counts.read - (last?.read ?? 0),
          quarantined: d.counts.rejected - (last?.rejected ?? 0),
          latencyMs: now - lastAt,
        });
        last = d.counts;
        lastAt = now;
      }
      send(d);
    };
    const inbound: ActivityInboundCallsInterceptor = {};
    return { inbound };
  };
}
