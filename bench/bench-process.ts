/**
 * What the benchmarks share: a CRM schema rebuilt from the migrations, and `crmhub` commands run
 * as their own processes so each one's peak RSS (getrusage maxRSS, printed by bin/crmhub.cjs under
 * CRMHUB_PRINT_RESOURCE_USAGE) is its own.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createDb } from '../db/config';
import { migrateLatest } from '../migrations';

export async function resetCrm(url: string): Promise<void> {
  const db = createDb(url);
  try {
    await db.raw('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public');
    await migrateLatest(db);
    await db.raw('CHECKPOINT');
  } finally {
    await db.destroy();
  }
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => (code === 0 ? resolve({ stdout, stderr }) : reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`))));
  });
}

/** A `crmhub` process's resource usage (`process.resourceUsage()`, printed on exit), from its stderr; zeros if absent. */
export function resourceUsage(stderr: string): { maxRSS: number; userCPUTime: number; systemCPUTime: number } {
  const line = /CRMHUB_RESOURCE_USAGE (.*)/.exec(stderr)?.[1];
  return { maxRSS: 0, userCPUTime: 0, systemCPUTime: 0, ...(line ? JSON.parse(line) as object : {}) };
}

/** Peak RSS in MB of a `crmhub` process, from its stderr. */
export function peakRssMB(stderr: string): number {
  return resourceUsage(stderr).maxRSS / 1024;
}

/** Live descendants of pid with their RSS in kB (Linux /proc). */
function treeRssKb(root: number): { total: number; self: number } {
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      parent.set(Number(name), Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0));
      rss.set(Number(name), Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parent.get(p) ?? 0, hops++) if (p === root) return true;
    return false;
  };
  for (const [pid, kb] of rss) if (inTree(pid)) total += kb;
  return { total, self: rss.get(root) ?? 0 };
}

/**
 * Runs a command and samples the RSS of its whole process tree (the command, a re-executed child,
 * its ephemeral Temporal server) every 250 ms: the peak of the sum is what the machine had to give.
 */
export function runSampled(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string; peakTreeMB: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    const timer = setInterval(() => { peak = Math.max(peak, treeRssKb(child.pid!).total); }, 250);
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code === 0) resolve({ stdout, stderr, peakTreeMB: peak / 1024 });
      else reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

/** Runs SQL, or a psql meta-command such as `\copy`, against `url` with psql; returns its unaligned output. */
export function psql(url: string, sql: string): string {
  return execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

/**
 * B, the baseline of the import benches: `psql \copy` of the accounts CSV (13 columns, `;`) into an
 * UNLOGGED all-text table, the median of three runs (other processes make any single run noisy).
 */
export function copyBaseline(url: string, csv: string, rows: number): { seconds: number; rowsPerSec: number } {
  const cols = Array.from({ length: 13 }, (_, i) => `c${i} text`).join(', ');
  psql(url, `DROP TABLE IF EXISTS bench_copy_baseline; CREATE UNLOGGED TABLE bench_copy_baseline (${cols})`);
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    psql(url, 'TRUNCATE bench_copy_baseline');
    const t0 = performance.now();
    psql(url, `\\copy bench_copy_baseline FROM '${csv}' WITH (FORMAT csv, DELIMITER ';', HEADER true)`);
    times.push((performance.now() - t0) / 1000);
  }
  const seconds = times.sort((a, b) => a - b)[1]!;
  psql(url, 'DROP TABLE bench_copy_baseline');
  return { seconds, rowsPerSec: rows / seconds };
}
