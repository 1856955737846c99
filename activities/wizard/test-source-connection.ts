/**
 * "Test connection" for a source, run by a worker: the worker holds the environment with the
 * secrets (the config only names the variable, e.g. `urlEnv`), so the console never needs them.
 * The result is the connector's own checks, already redacted by it (connectors/sql/redact.ts);
 * any value of the variables the config names is masked again before it leaves the worker, so no
 * secret reaches a Temporal payload, a page or a log line.
 */
import type { Knex } from 'knex';
import { testSqlSource } from '../../connectors/sql';
import { BadConfigurationError } from '../errors';

export interface SourceCheck { ok: boolean; check: string; message: string }

export async function testSourceConnection(db: Knex, o: { source: string }, env: Record<string, string | undefined> = process.env): Promise<SourceCheck[]> {
  const row = await db('source_systems').where({ code: o.source }).first('code', 'connector_code', 'config');
  if (!row) throw new BadConfigurationError(`no source ${o.source}`);
  if (row.connector_code !== 'sql') {
    return [{ ok: false, check: 'connector', message: `connector ${row.connector_code as string} has no connection test` }];
  }
  const results = await testSqlSource(row.config, env);
  const secrets = envValuesNamedBy(row.config, env);
  return results.map((r) => ({ ok: r.ok, check: r.check, message: mask(r.message, secrets) }));
}

/** Values of the environment variables a config names (any key ending in `Env`). */
export function envValuesNamedBy(config: unknown, env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (/Env$/.test(k) && typeof x === 'string' && env[x]) out.push(env[x] as string);
      else walk(x);
    }
  };
  walk(config);
  return out;
}

export function mask(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 4) continue;
    out = out.split(s).join('***');
    try {
      const u = new URL(s);
      if (u.password) out = out.split(u.password).join('***').split(decodeURIComponent(u.password)).join('***');
    } catch {
      // not a URL: the whole value is masked above
    }
  }
  return out;
}
