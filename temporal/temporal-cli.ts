/**
 * Finds the `temporal` CLI (the dev server): TEMPORAL_CLI_PATH, then the cache that
 * scripts/ensure-temporal-cli.sh fills, then PATH. The CLI is not on npm; the SDK's own download
 * needs the internet, so we build it from the Go module proxy instead.
 */
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function cachedTemporalCliPath(): string {
  const cache = process.env.CRMHUB_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'crmhub');
  return join(cache, `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'temporal');
}

export function findTemporalCli(): string | null {
  const candidates = [process.env.TEMPORAL_CLI_PATH, cachedTemporalCliPath()];
  for (const c of candidates) if (c && isExecutable(c)) return c;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, 'temporal');
    if (dir && isExecutable(p)) return p;
  }
  return null;
}

export function requireTemporalCli(): string {
  const found = findTemporalCli();
  if (!found) {
    throw new Error('the temporal CLI is not installed: run `npm run temporal:cli` (builds it with Go) or set TEMPORAL_CLI_PATH or TEMPORAL_ADDRESS');
  }
  return found;
}
