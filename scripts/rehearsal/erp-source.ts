/**
 * The rehearsal's ERP source: examples/erp/dolibarr-mariadb.json with small pages (so the sync
 * commits often and takes a while), registered with `crmhub source add` as an operator would.
 * The connection URL stays in the workers' environment (`ERP_DATABASE_URL`), never in the config.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SyncReport } from '../../workflows/sync-source';
import type { ErpFacts } from './erp-database';

export const ERP_SOURCE = 'erp_rehearsal';
export const ERP_URL_ENV = 'ERP_DATABASE_URL';

export function writeErpSourceConfig(root: string, path: string, pageSize: number): void {
  const example = JSON.parse(readFileSync(join(root, 'examples', 'erp', 'dolibarr-mariadb.json'), 'utf8')) as {
    connection: Record<string, unknown>; streams: Record<string, Record<string, unknown>>;
  };
  const streams = Object.fromEntries(Object.entries(example.streams).map(([k, v]) => [k, { ...v, pageSize }]));
  writeFileSync(path, `${JSON.stringify({ connection: { ...example.connection, urlEnv: ERP_URL_ENV }, streams }, null, 2)}\n`);
}

/** Per stream: what was loaded (inserted + merged) against what the generator says; rejected rows; the report's status. */
export function checkSyncReport(r: SyncReport, facts: ErpFacts): string[] {
  const problems: string[] = [];
  if (r.status !== 'succeeded') problems.push(`sync ${r.status}`);
  const seen = new Set<string>();
  for (const s of r.streams) {
    const stream = s.sync?.stream ?? '?';
    seen.add(stream);
    const want = facts.expected[stream as keyof ErpFacts['expected']];
    const got = s.counts.inserted + s.counts.merged;
    if (want !== undefined && got !== want) problems.push(`${stream}: ${got} loaded, expected ${want}`);
    if (s.counts.rejected !== 0) problems.push(`${stream}: ${s.counts.rejected} rejected`);
  }
  for (const stream of Object.keys(facts.expected)) if (!seen.has(stream)) problems.push(`${stream}: not synced`);
  return problems;
}

/** A later sync of the unchanged ERP must write nothing. */
export function checkNothingWritten(r: SyncReport): string[] {
  const problems = r.status === 'succeeded' ? [] : [`scheduled sync ${r.status}`];
  for (const s of r.streams) {
    if (s.counts.inserted + s.counts.updated + s.counts.merged !== 0) problems.push(`scheduled sync wrote to ${s.sync?.stream}: ${JSON.stringify(s.counts)}`);
  }
  return problems;
}

export function syncTotals(r: SyncReport): { read: number; inserted: number; merged: number; unchanged: number; rejected: number } {
  const t = { read: 0, inserted: 0, merged: 0, unchanged: 0, rejected: 0 };
  for (const s of r.streams) {
    t.read += s.counts.read;
    t.inserted += s.counts.inserted;
    t.merged += s.counts.merged;
    t.unchanged += s.counts.unchanged;
    t.rejected += s.counts.rejected;
  }
  return t;
}
