/**
 * `crmhub worker` processes for tests and the rehearsal. The heap is given explicitly so
 * bin/crmhub.cjs runs the worker in this very process (no re-run under a waiting parent): the pid
 * is the worker's, SIGKILL is a crash and SIGTERM reaches the Temporal runtime directly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  /** Resolves once the worker polls (its "polling task queue" line); rejects if it exits first. */
  ready: Promise<void>;
  /** Resolves with the exit code (or signal name) and the ms since `signal()` was called. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  stderr(): string;
  signal(sig: NodeJS.Signals): number;
}

export function crmhubArgs(args: string[], heapMb = 512): string[] {
  return [`--max-old-space-size=${heapMb}`, join(ROOT, 'bin', 'crmhub.cjs'), ...args];
}

export function startWorkerProcess(o: { name: string; env: NodeJS.ProcessEnv; args?: string[]; logFile?: string }): WorkerProcess {
  const child = spawn(process.execPath, crmhubArgs(['worker', ...(o.args ?? [])]), {
    env: { ...process.env, ...o.env }, stdio: ['ignore', 'ignore', 'pipe'], cwd: ROOT,
  });
  const log = o.logFile ? createWriteStream(o.logFile, { flags: 'a' }) : null;
  let err = '';
  let onLine: (() => void) | null = null;
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.length > 200_000) err = err.slice(-100_000);
    log?.write(d);
    onLine?.();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((r) => child.once('exit', (code, signal) => {
    log?.end();
    r({ code, signal, at: Date.now() });
  }));
  const ready = new Promise<void>((res, rej) => {
    onLine = () => { if (err.includes('polling task queue')) { onLine = null; res(); } };
    void exited.then((e) => rej(new Error(`worker ${o.name} exited (${e.code ?? e.signal}) before polling: ${err.trim().split('\n').slice(-3).join(' | ')}`)));
  });
  ready.catch(() => undefined);
  return {
    name: o.name, child, pid: child.pid!, ready, exited,
    stderr: () => err,
    signal: (sig) => { const at = Date.now(); child.kill(sig); return at; },
  };
}
