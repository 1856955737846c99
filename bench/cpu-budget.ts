/**
 * A bench step's CPU budget: how many core-seconds the crmhub command and the PostgreSQL server
 * used while it ran, against what the machine's cores had to give over its wall time.
 *
 * A step whose two sides together keep every core busy cannot get faster by overlapping more of
 * its work (more lanes, threads or statements at once): only by doing less of it. Its idle
 * core-seconds are what overlap could still win. Counted:
 * - the command: every `crmhub` process of it (the bin, and the child it re-runs itself as for a
 *   larger heap), each printing `process.resourceUsage()` on exit under
 *   CRMHUB_PRINT_RESOURCE_USAGE, all of its threads included (row thread, GC, libuv). Not the
 *   embedded Temporal dev server, a separate Go process;
 * - PostgreSQL: its postmaster and every child of it (backends, autovacuum, checkpointer, WAL
 *   writer), live ones from /proc and exited ones from what the postmaster reaped. Only when the
 *   server runs on this machine (BENCH_DATABASE_URL on another host: null). The bench's own
 *   connections are in it too; they only wait. So is any other client's work on the same server
 *   meanwhile (autovacuum of other databases, another bench): the figures are for a server the
 *   step has to itself, as the benches' ratios are.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createDb } from '../db/config';

export interface CpuBudget {
  wallSeconds: number;
  crmhubSeconds: number;
  postgresSeconds: number | null;
  cores: number;
  /** (crmhub + PostgreSQL) / wall: 2.0 on two cores means no core ever waited. */
  busyCores: number | null;
  /** cores × wall − both sides: what a core spent waiting (or on other processes). */
  idleCoreSeconds: number | null;
}

/** User + system CPU, in seconds, of every crmhub process whose usage line is in this stderr. */
export function commandCpuSeconds(stderr: string): number {
  let micros = 0;
  for (const m of stderr.matchAll(/CRMHUB_RESOURCE_USAGE (.*)/g)) {
    const u = JSON.parse(m[1]!) as { userCPUTime?: number; systemCPUTime?: number };
    micros += (u.userCPUTime ?? 0) + (u.systemCPUTime ?? 0);
  }
  return micros / 1e6;
}

/** The fields of a /proc/<pid>/stat line this needs (proc(5)); the command name may hold spaces and parentheses. */
export function parseProcStat(line: string): { comm: string; ppid: number; ownTicks: number; reapedTicks: number } {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  const f = line.slice(close + 2).split(' ');
  // After the name: state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime …
  return { comm: line.slice(open + 1, close), ppid: Number(f[1]), ownTicks: Number(f[11]) + Number(f[12]), reapedTicks: Number(f[13]) + Number(f[14]) };
}

export function cpuBudget(wallSeconds: number, crmhubSeconds: number, postgresSeconds: number | null, cores = availableParallelism()): CpuBudget {
  const both = postgresSeconds === null ? null : crmhubSeconds + postgresSeconds;
  return {
    wallSeconds, crmhubSeconds, postgresSeconds, cores,
    busyCores: both === null || wallSeconds <= 0 ? null : both / wallSeconds,
    idleCoreSeconds: both === null ? null : Math.max(0, cores * wallSeconds - both),
  };
}

/** "crmhub 124.0 + PostgreSQL 102.0 core-s: 1.52 of 2 cores busy, 72.0 core-s idle". */
export function formatCpuBudget(b: CpuBudget): string {
  if (b.postgresSeconds === null || b.busyCores === null) return `crmhub ${b.crmhubSeconds.toFixed(1)} core-s (PostgreSQL not on this machine)`;
  return `crmhub ${b.crmhubSeconds.toFixed(1)} + PostgreSQL ${b.postgresSeconds.toFixed(1)} core-s: `
    + `${b.busyCores.toFixed(2)} of ${b.cores} cores busy, ${b.idleCoreSeconds!.toFixed(1)} core-s idle`;
}

/** Reads a meter now; the function it returns gives the seconds since (null if either reading was). */
export function cpuSince(meter: () => number | null): () => number | null {
  const before = meter();
  return () => {
    const after = meter();
    return before === null || after === null ? null : after - before;
  };
}

/** Runs a step (a crmhub command whose stderr carries its usage lines) and adds its CPU budget. */
export async function withCpuBudget<T extends { stderr: string }>(postgres: () => number | null, step: () => Promise<T>): Promise<T & { cpu: CpuBudget }> {
  const postgresUsed = cpuSince(postgres);
  const t0 = performance.now();
  const result = await step();
  const wall = (performance.now() - t0) / 1000;
  return { ...result, cpu: cpuBudget(wall, commandCpuSeconds(result.stderr), postgresUsed()) };
}

const procStat = (pid: number | string): string | null => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // gone, or no /proc
  }
};

/**
 * A meter of the local PostgreSQL server's CPU seconds so far (a function to call before and after
 * a step), or a meter that reads null when the server is not a process of this machine.
 */
export async function postgresCpuMeter(url: string): Promise<() => number | null> {
  const db = createDb(url);
  let postmaster = 0;
  try {
    const { rows } = await db.raw<{ rows: { pid: number }[] }>('SELECT pg_backend_pid() AS pid');
    // Read while the connection is open: the backend exits with it.
    const line = procStat(rows[0]!.pid);
    if (line && parseProcStat(line).comm === 'postgres') postmaster = parseProcStat(line).ppid;
  } finally {
    await db.destroy();
  }
  const own = procStat(postmaster);
  if (!postmaster || !own || !['postgres', 'postmaster'].includes(parseProcStat(own).comm)) return () => null;
  const hz = clockTicksPerSecond();
  return () => {
    const pm = procStat(postmaster);
    if (!pm) return null;
    const root = parseProcStat(pm);
    let ticks = root.ownTicks + root.reapedTicks;
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const s = procStat(name);
      if (!s) continue;
      const p = parseProcStat(s);
      if (p.ppid === postmaster) ticks += p.ownTicks;
    }
    return ticks / hz;
  };
}

/** Busy CPU seconds of the whole machine (user + nice + system + irq + softirq), from /proc/stat. */
export function machineCpuSeconds(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (f[0]! + f[1]! + f[2]! + f[5]! + f[6]!) / clockTicksPerSecond();
}

let ticksPerSecond: number | undefined;

/** USER_HZ, the unit of /proc's CPU times: 100 on every Linux this runs on, asked for (once) anyway. */
function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
      ticksPerSecond = n > 0 ? n : 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}
