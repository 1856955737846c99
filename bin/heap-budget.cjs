// Every crmhub process keeps its V8 heap within a budget (issue 8 §6). Without a cap V8 on a large
// machine lets garbage pile up to gigabytes before collecting (measured on 200k rows: 311 MB RSS
// uncapped, 195 MB at 512 MB, same speed). `npx crmhub` gets the cap from the bin's shebang; a
// `node bin/crmhub.cjs …` without one is re-executed here with --max-old-space-size (default 512,
// or CRMHUB_HEAP_MB), the same arguments and stdio. The re-executed child watches its parent: if
// the parent is SIGKILLed the child kills itself, so a killed command leaves nothing behind.
'use strict';
const { spawn } = require('node:child_process');

const DEFAULT_HEAP_MB = 512;
// glibc gives each thread that allocates its own malloc arena; Temporal's Rust core and libuv run
// many threads, and their arenas' fragments add up: two arenas cut a command's RSS by ~25 MB
// (measured on a 20k-row import, same speed). The shebang sets it for `npx crmhub`; here the
// environment's value wins.
const MALLOC_ENV = { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX || '2' };
// V8 grows its young generation up to 2 × 16 MB semi-spaces under a steady allocation rate (rows
// streaming through); 2 MB semi-spaces cut a 20k-row import's RSS by ~50 MB (measured; the sync
// helper measured no speed difference between young-generation sizes).
const YOUNG_GENERATION_FLAG = '--max-semi-space-size=2';
// A match stage calls gc() between its chunks, where a whole chunk's working set has just become
// garbage (activities/match/collect-garbage.ts): the 10k batch's import peaked 30 MB lower.
const EXPOSE_GC_FLAG = '--expose-gc';
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR2'];

function heapFlagGiven() {
  return process.execArgv.some((a) => a.startsWith('--max-old-space-size')) || /--max-old-space-size/.test(process.env.NODE_OPTIONS || '');
}

function heapBudgetMB() {
  const n = Number(process.env.CRMHUB_HEAP_MB);
  return Number.isInteger(n) && n >= 64 ? n : DEFAULT_HEAP_MB;
}

/** Re-runs this script under node with the given flags; the parent forwards signals and exits as the child did. */
function reexec(script, flags) {
  const young = process.execArgv.some((a) => a.startsWith('--max-semi-space-size')) ? [] : [YOUNG_GENERATION_FLAG];
  const gc = process.execArgv.includes(EXPOSE_GC_FLAG) ? [] : [EXPOSE_GC_FLAG];
  const child = spawn(process.execPath, [...flags, ...young, ...gc, ...process.execArgv, script, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, ...MALLOC_ENV, CRMHUB_PARENT_PID: String(process.pid) },
  });
  for (const signal of FORWARDED) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) {
      for (const s of FORWARDED) process.removeAllListeners(s);
      process.kill(process.pid, signal);
    } else {
      process.exit(code ?? 1);
    }
  });
  child.on('error', (err) => {
    process.stderr.write(`crmhub: cannot start node: ${err.message}\n`);
    process.exit(1);
  });
}

/**
 * In a re-executed child: when the parent that started it dies without forwarding a signal
 * (SIGKILL, a crash), the child is reparented; it then kills itself at once, like the parent.
 * The watch runs on a worker thread: the main thread can be busy for tens of seconds in one
 * synchronous call (scoring a chunk), and a timer there would wait for it.
 */
function watchParent() {
  const parent = Number(process.env.CRMHUB_PARENT_PID);
  if (!parent) return;
  delete process.env.CRMHUB_PARENT_PID; // not inherited by what this process starts
  const { Worker } = require('node:worker_threads');
  const watcher = new Worker(
    `const { workerData } = require('node:worker_threads');
     setInterval(() => { if (process.ppid !== workerData.parent) process.kill(workerData.self, 'SIGKILL'); }, 500);`,
    { eval: true, workerData: { parent, self: process.pid }, resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2 }, env: {} },
  );
  watcher.unref();
}

module.exports = { heapFlagGiven, heapBudgetMB, reexec, watchParent, DEFAULT_HEAP_MB };
