/**
 * Where crmhub's PostgreSQL is, and one knex instance per process.
 * `DATABASE_URL` wins; the default is the local PostgreSQL with trust auth, as on a dev laptop.
 */
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { withTlsFromEnv } from './tls';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/crmhub';

// int8 (bigint: counts, ids, money in minor units) comes back as a string by default; counts and
// run ids fit in a double, money does not, so only COUNT(*)-style results are converted by callers.
// numeric stays a string (exact). date stays 'YYYY-MM-DD' text: a business date is not an instant.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

/** With the PGSSL* environment folded in (db/tls.ts). */
export function databaseUrl(): string {
  return withTlsFromEnv(process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL);
}

/** The URL with the password hidden, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable DATABASE_URL>';
  }
}

// knex prints its own warnings and errors (with stacks) to the console; callers turn errors into
// one clear line, so knex's copies are only shown with CRMHUB_DEBUG.
const quiet = (m: unknown) => {
  if (process.env.CRMHUB_DEBUG) console.error('[knex]', m);
};

/** `acquireConnectionTimeout` (ms, knex's default 60 s) bounds the wait for an unreachable server. */
export function createDb(url = databaseUrl(), pool: Knex.PoolConfig = { min: 0, max: 6 }, options: { acquireConnectionTimeout?: number } = {}): Knex {
  return knexFactory({
    client: 'pg',
    // JIT off: crmhub's statements are many and short, over small staging tables whose statistics
    // are rough, so the planner's cost guesses trip JIT compilation, which then costs more than the
    // query (measured: 780 ms of JIT for a 0-row SELECT in every batch of a re-import).
    connection: { connectionString: url, options: '-c jit=off' },
    pool, asyncStackTraces: false, ...options,
    log: { warn: quiet, error: quiet, deprecate: quiet, debug: quiet },
  });
}
