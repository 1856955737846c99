/**
 * PostgreSQL sessions through node-postgres: its own Client (not knex's pool), with type parsers
 * scoped to that client (the global pg.types registry, which crmhub's own database shares, is left
 * alone): date, timestamp, timestamptz, numeric, money and int8 arrive as the server's text.
 * Session: TimeZone UTC (timestamptz text in UTC), ISO dates, exact floats, a statement timeout,
 * read-only transactions. Rows are read through a cursor (DECLARE … FETCH) in a read-only
 * transaction, a page per FETCH.
 */
import pg from 'pg';
import { pgColumn, type ColumnInfo } from './columns';
import type { RowStream, SessionInfo, SessionOptions, SqlSession } from './session';

const asText = (value: string) => value;
// OIDs: int8 20, money 790, date 1082, timestamp 1114, timestamptz 1184, numeric 1700.
const TEXT_TYPES = new Set([20, 790, 1082, 1114, 1184, 1700]);

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    TEXT_TYPES.has(oid) ? asText : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export async function openPgSession(o: SessionOptions): Promise<SqlSession> {
  const client = new pg.Client({
    host: o.host, port: o.port, user: o.user, password: o.password, database: o.database,
    ssl: o.ssl, connectionTimeoutMillis: Math.round(o.connectTimeoutSeconds * 1000),
    application_name: 'crmhub-sql-source', types,
  });
  const session = new PgSession(client);
  try {
    await client.connect();
    await session.init(o.statementTimeoutSeconds);
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  return session;
}

let cursorSeq = 0;

class PgSession implements SqlSession {
  info: SessionInfo = { server: 'PostgreSQL', sessionId: '', readOnly: false };
  private failed = false;
  private closed = false;

  constructor(private readonly client: pg.Client) {
    // A terminated backend while idle is emitted as 'error': without a listener it ends the process.
    client.on('error', () => { this.failed = true; });
    client.on('end', () => { this.failed = true; });
  }

  get usable(): boolean {
    return !this.failed && !this.closed;
  }

  async init(statementTimeoutSeconds: number): Promise<void> {
    const ms = Math.round(statementTimeoutSeconds * 1000);
    await this.client.query(`SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 3; SET statement_timeout = ${ms}`);
    const r = await this.client.query<{ version: string; pid: number }>("SELECT current_setting('server_version') AS version, pg_backend_pid() AS pid");
    this.info.server = `PostgreSQL ${r.rows[0]?.version ?? ''}`.trim();
    this.info.sessionId = String(r.rows[0]?.pid ?? '');
    await this.client.query('SET default_transaction_read_only = on');
    this.info.readOnly = true;
  }

  async columns(sql: string): Promise<ColumnInfo[]> {
    const r = await this.guard(this.client.query(sql));
    return r.fields.map(pgColumn);
  }

  async one(sql: string): Promise<Record<string, unknown>> {
    const r = await this.guard(this.client.query(sql));
    return (r.rows[0] as Record<string, unknown>) ?? {};
  }

  async rows(sql: string, params: string[]): Promise<RowStream> {
    const name = `crmhub_c${++cursorSeq}`;
    await this.guard(this.client.query('BEGIN READ ONLY'));
    try {
      await this.guard(this.client.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, params));
    } catch (err) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
    let ended = false;
    const finish = async () => {
      if (ended) return;
      ended = true;
      if (this.usable) await this.client.query('ROLLBACK').catch(() => { this.failed = true; });
    };
    return {
      next: async (count) => {
        if (ended) return [];
        const r = await this.guard(this.client.query(`FETCH FORWARD ${Math.max(1, Math.floor(count))} FROM ${name}`));
        if (r.rows.length < count) await finish();
        return r.rows as Record<string, unknown>[];
      },
      close: finish,
    };
  }

  private async guard<T>(p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      // Anything but an SQL error in a healthy session (syntax, timeout) leaves the session unusable.
      if (!/^[0-9A-Z]{5}$/.test(code) || code.startsWith('08') || code.startsWith('57P')) this.failed = true;
      throw err;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.end().catch(() => undefined);
  }
}
