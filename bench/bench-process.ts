/**
 * What the benchmarks share: a CRM schema rebuilt from the migrations, and `crmhub` commands run
 * as their own processes so each one's peak RSS (getrusage maxRSS, printed by bin/crmhub.cjs under
 * CRMHUB_PRINT_RESOURCE_USAGE) is its own.
 */
import { spawn } from 'node:child_process';
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

/** Peak RSS in MB of a `crmhub` process, from its stderr. */
export function peakRssMB(stderr: string): number {
  const usage = JSON.parse(/CRMHUB_RESOURCE_USAGE (.*)/.exec(stderr)?.[1] ?? '{"maxRSS":0}') as { maxRSS: number };
  return usage.maxRSS / 1024;
}
