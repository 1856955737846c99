/**
 * MariaDB/MySQL sessions through mysql2. Driver options, and why:
 * - `dateStrings: true`: DATE/DATETIME/TIMESTAMP arrive as the server's text. The driver's own Date
 *   conversion knows only "local" or a fixed offset (no IANA zone for DATETIME), drops microseconds,
 *   and turns zero dates into Invalid Date; values.ts converts with the column's type instead.
 * - `supportBigNumbers` + `bigNumberStrings`: BIGINT (and DECIMAL) always as strings, never a
 *   rounded JS number; `decimalNumbers: false` keeps DECIMAL a string (parsed exactly downstream).
 * - text protocol (`query`), client-side escaped parameters, no multiple statements.
 * Session: `time_zone = '+00:00'` (TIMESTAMP values in UTC), a statement timeout
 * (`max_statement_time` on MariaDB, `max_execution_time` on MySQL), read-only transactions.
 */
import type * as Mysql from 'mysql2';
import type { Connection as PromiseConnection } from 'mysql2/promise';
import { mysqlColumn, type ColumnInfo, type MysqlField } from './columns';
import type { RowStream, SessionInfo, SessionOptions, SqlSession } from './session';

export async function openMysqlSession(o: SessionOptions): Promise<SqlSession> {
  // Required here, not at the top: every command that starts a worker loads the connectors, and
  // mysql2 costs ~16 MB RSS (measured alone) that a file import never uses.
  const { createConnection } = require('mysql2') as typeof Mysql;
  const raw = createConnection({
    host: o.host, port: o.port, user: o.user, password: o.password, database: o.database,
    ssl: o.ssl, connectTimeout: Math.round(o.connectTimeoutSeconds * 1000),
    charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: true, decimalNumbers: false, dateStrings: true,
    multipleStatements: false,
  });
  const session = new MysqlSession(raw, raw.promise());
  try {
    await session.init(o.statementTimeoutSeconds);
  } catch (err) {
    raw.destroy();
    throw err;
  }
  return session;
}

class MysqlSession implements SqlSession {
  info: SessionInfo = { server: 'MySQL', sessionId: '', readOnly: false };
  private failed = false;
  private closed = false;
  /** Rejects when the connection dies. */
  private readonly lost: Promise<never>;

  constructor(private readonly raw: Mysql.Connection, private readonly conn: PromiseConnection) {
    // A fatal error (server restart, KILL) is emitted on the connection, not thrown: without a
    // listener it would end the process, and a streamed result waiting for rows is never told, so
    // every wait races against it.
    this.lost = new Promise<never>((_, reject) => {
      raw.on('error', (err) => { this.failed = true; reject(err); });
      raw.on('end', () => { this.failed = true; reject(Object.assign(new Error('Connection lost: the server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true })); });
    });
    this.lost.catch(() => undefined);
  }

  get usable(): boolean {
    return !this.failed && !this.closed;
  }

  async init(statementTimeoutSeconds: number): Promise<void> {
    const [rows] = await this.conn.query('SELECT VERSION() AS version, CONNECTION_ID() AS id');
    const row = (rows as Record<string, unknown>[])[0] ?? {};
    const version = String(row.version ?? '');
    const mariadb = /mariadb/i.test(version);
    this.info.server = `${mariadb ? 'MariaDB' : 'MySQL'} ${version.replace(/-.*$/, '')}`;
    this.info.sessionId = String(row.id ?? '');
    await this.conn.query("SET SESSION time_zone = '+00:00', SESSION net_write_timeout = 600");
    await this.conn.query(mariadb
      ? `SET SESSION max_statement_time = ${Number(statementTimeoutSeconds)}`
      : `SET SESSION max_execution_time = ${Math.round(statementTimeoutSeconds * 1000)}`);
    try {
      await this.conn.query('SET SESSION TRANSACTION READ ONLY');
      this.info.readOnly = true;
    } catch {
      this.info.readOnly = false; // very old servers: the SELECT-only wrapping still applies
    }
  }

  async columns(sql: string): Promise<ColumnInfo[]> {
    const [, fields] = await this.guard(this.conn.query(sql));
    return ((fields ?? []) as MysqlField[]).map(mysqlColumn);
  }

  async one(sql: string): Promise<Record<string, unknown>> {
    const [rows] = await this.guard(this.conn.query(sql));
    return (rows as Record<string, unknown>[])[0] ?? {};
  }

  async rows(sql: string, params: string[]): Promise<RowStream> {
    // Paused-mode reads: rows are taken from the stream's buffer synchronously, and the socket is
    // paused while the buffer is full, so memory holds about one page.
    const stream = this.raw.query({ sql, values: params }).stream({ highWaterMark: 1000 });
    let ended = false;
    let failure: unknown = null;
    let wake: (() => void) | null = null;
    const signal = () => { const w = wake; wake = null; w?.(); };
    stream.on('readable', signal);
    stream.on('end', () => { ended = true; signal(); });
    stream.on('error', (err) => { failure = err; signal(); });
    return {
      next: async (count) => {
        const out: Record<string, unknown>[] = [];
        while (out.length < count) {
          if (failure) throw failure;
          const row = stream.read() as Record<string, unknown> | null;
          if (row !== null) { out.push(row); continue; }
          if (ended) break;
          await this.guard(new Promise<void>((resolve) => { wake = resolve; }));
        }
        return out;
      },
      close: async () => {
        if (ended) return;
        // mysql2 cannot abandon a result set half read: the connection goes with it.
        ended = true;
        stream.destroy();
        this.destroy();
      },
    };
  }

  private async guard<T>(p: Promise<T>): Promise<T> {
    try {
      return await Promise.race([p, this.lost]);
    } catch (err) {
      if ((err as { fatal?: boolean }).fatal) this.failed = true;
      throw err;
    }
  }

  private destroy(): void {
    this.closed = true;
    this.raw.destroy();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.failed) { this.raw.destroy(); return; }
    try {
      await this.conn.end();
    } catch {
      this.raw.destroy();
    }
  }
}
