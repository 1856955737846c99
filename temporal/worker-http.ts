/**
 * The HTTP side of `crmhub worker --metrics-port`:
 *   GET /metrics  Prometheus text: the Temporal SDK's metrics and crmhub's (temporal/worker-metrics.ts),
 *                 served by the SDK's exporter on an internal 127.0.0.1 port and passed through here,
 *                 so one port carries metrics and health.
 *   GET /ready    200 when this worker can reach Temporal and PostgreSQL and is polling; 503 with the
 *                 reason otherwise (also while it shuts down). JSON body.
 *   GET /live     200 while the process is not stuck in a failed state (a liveness probe).
 */
import { createServer, type Server } from 'node:http';

export type Check = () => Promise<string | null>;

export interface WorkerHttpOptions {
  host: string;
  port: number;
  /** The SDK exporter's URL (http://127.0.0.1:<port>/metrics). */
  sdkMetricsUrl: string;
  checks: Record<string, Check>;
  /** The worker's state: RUNNING is ready; STOPPING/DRAINING/STOPPED are not; FAILED is not live. */
  state: () => string;
}

async function withTimeout(check: Check, ms: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check().catch((err: unknown) => (err as Error)?.message ?? String(err)),
      new Promise<string>((r) => { timer = setTimeout(() => r(`no answer within ${ms} ms`), ms); }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function startWorkerHttp(o: WorkerHttpOptions): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (code: number, type: string, body: string) => {
      res.writeHead(code, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET') return send(405, 'text/plain', 'GET only\n');
    if (path === '/metrics') {
      fetch(o.sdkMetricsUrl, { signal: AbortSignal.timeout(5000) })
        .then(async (r) => send(r.status, r.headers.get('content-type') ?? 'text/plain; version=0.0.4', await r.text()))
        .catch((err: Error) => send(503, 'text/plain', `# SDK metrics unavailable: ${err.message}\n`));
      return;
    }
    if (path === '/ready') {
      const names = Object.keys(o.checks);
      Promise.all(names.map((n) => withTimeout(o.checks[n]!, 3000))).then((results) => {
        const state = o.state();
        const checks: Record<string, string> = { worker: state === 'RUNNING' ? 'ok' : state.toLowerCase() };
        names.forEach((n, i) => { checks[n] = results[i] ?? 'ok'; });
        const ready = Object.values(checks).every((v) => v === 'ok');
        send(ready ? 200 : 503, 'application/json', `${JSON.stringify({ ready, checks })}\n`);
      }, (err: Error) => send(500, 'text/plain', `${err.message}\n`));
      return;
    }
    if (path === '/live') {
      const state = o.state();
      return send(state === 'FAILED' ? 503 : 200, 'application/json', `${JSON.stringify({ live: state !== 'FAILED', state })}\n`);
    }
    send(404, 'text/plain', 'GET /metrics, /ready or /live\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    server, port,
    close: () => new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
  };
}
