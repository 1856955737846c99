/** The connection URL an SQL source reads from its environment variable, parsed without leaking it. */
import type { SqlClient } from './config';
import { SqlSourceError } from './errors';
import { redact } from './redact';

export interface SourceUrl {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** Query-string parameters, e.g. `sslmode`. */
  params: Record<string, string>;
}

const SCHEMES: Record<SqlClient, { schemes: string[]; port: number; example: string }> = {
  mysql: { schemes: ['mysql:', 'mariadb:'], port: 3306, example: 'mysql://<user>:<password>@<host>:3306/<database>' },
  pg: { schemes: ['postgres:', 'postgresql:'], port: 5432, example: 'postgres://<user>:<password>@<host>:5432/<database>' },
};

export function readSourceUrl(client: SqlClient, urlEnv: string, env: Record<string, string | undefined>): SourceUrl {
  const raw = env[urlEnv];
  if (!raw || !raw.trim()) throw new SqlSourceError('config', `environment variable ${urlEnv} is not set: it must hold the connection URL (${SCHEMES[client].example})`);
  return parseSourceUrl(client, raw.trim(), urlEnv);
}

export function parseSourceUrl(client: SqlClient, raw: string, urlEnv = 'the connection URL'): SourceUrl {
  const spec = SCHEMES[client];
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SqlSourceError('config', `${urlEnv} is not a URL (expected ${spec.example})`);
  }
  if (!spec.schemes.includes(url.protocol)) {
    throw new SqlSourceError('config', `${urlEnv} is not a ${spec.schemes.map((x) => `${x}//`).join(' or ')} URL (it starts with "${url.protocol}"; connection.client is "${client}"): expected ${spec.example}`);
  }
  const password = safeDecode(url.password);
  const database = safeDecode(url.pathname.replace(/^\//, ''));
  if (!url.hostname) throw new SqlSourceError('config', redact(`${urlEnv} has no host (expected ${spec.example})`, [password]));
  if (!database) throw new SqlSourceError('config', `${urlEnv} names no database (expected ${spec.example})`);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : spec.port,
    user: safeDecode(url.username),
    password,
    database,
    params: Object.fromEntries(url.searchParams),
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
