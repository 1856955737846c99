/**
 * The SQL source reader: pages of records out of an ERP database, by SQL, from a cursor.
 *
 *   const source = openSqlSource(config, { env: process.env });
 *   let cursor = await source.runStartCursor('invoices', storedCursor);   // look-back applied once
 *   for (;;) {
 *     const page = await source.readPage('invoices', cursor);
 *     if (page.nextCursor === null) break;                                // empty page: done
 *     // … stage, resolve and write page.records, commit page.nextCursor in the same transaction
 *     cursor = page.nextCursor;
 *     if (page.done) break;                                               // optional: saves one call
 *   }
 *   await source.close();
 *
 * Each stream's rows are read by one keyset-ordered query that the reader keeps open while the
 * caller asks for the page after the last one (one sort on the server per run, one page in
 * memory); any other cursor, a new reader, or an error starts a new query from the given cursor,
 * so a retry resumes exactly where the last committed page ended.
 */
import { readFileSync } from 'node:fs';
import type { ColumnInfo } from './columns';
import { SqlSourceConfig, describeConfigIssues, type SqlSourceConfigInput, type SqlStreamConfig } from './config';
import { cursorFor, runStartCursor, type SqlCursor } from './cursor';
import { SqlSourceError, toSqlSourceError, type SqlErrorContext } from './errors';
import { openMysqlSession } from './mysql-session';
import { openPgSession } from './pg-session';
import { checkSingleSelect } from './query-check';
import type { RowStream, SessionOptions, SqlSession } from './session';
import { redact } from './redact';
import { readSourceUrl } from './source-url';
import { streamShape, type StreamShape } from './stream-shape';
import { runSourceTest, type TestResult } from './test-source';
import { toRecord, type RawRecord } from './values';
import { KEY_COLUMN, pageSql, probeSql } from './wrap-query';

export interface SqlPage {
  records: RawRecord[];
  columns: ColumnInfo[];
  /** Commit this with the page: the position after its last record. null only for an empty page (= done). */
  nextCursor: SqlCursor | null;
  /** True when the stream has no rows after this page (a short or empty page). */
  done: boolean;
}

export interface SqlSource {
  /** Streams the config defines, in sync order. */
  readonly streams: string[];
  /** Probes the stream's query (LIMIT 0): its columns and effective mode; refusals are SqlSourceErrors. */
  describe(stream: string): Promise<StreamShape>;
  /** The cursor a run starts from, given the one stored by the last run (look-back applied, snapshot/full: null). */
  runStartCursor(stream: string, stored: unknown): Promise<SqlCursor | null>;
  readPage(stream: string, cursor: SqlCursor | null, pageSize?: number): Promise<SqlPage>;
  /** Connects and checks every stream's query: one line per check, passwords never included. */
  test(): Promise<TestResult[]>;
  close(): Promise<void>;
}

export interface OpenSqlSourceOptions {
  /** Where the connection URL's variable is looked up (default process.env). */
  env?: Record<string, string | undefined>;
}

interface OpenRead { stream: string; position: string; rows: RowStream }

/** `input` is validated here (it usually comes from stored JSON): an invalid one is a `config` SqlSourceError. */
export function openSqlSource(input: SqlSourceConfigInput | SqlSourceConfig | unknown, opts: OpenSqlSourceOptions = {}): SqlSource {
  const parsed = SqlSourceConfig.safeParse(input);
  if (!parsed.success) throw new SqlSourceError('config', redact(`invalid SQL source config: ${describeConfigIssues(parsed.error)}`));
  const config = parsed.data;
  const env = opts.env ?? process.env;
  const { client, timezone } = config.connection;
  let ctx: SqlErrorContext = {};
  let session: SqlSession | null = null;
  let connecting: Promise<SqlSession> | null = null;
  const shapes = new Map<string, StreamShape>();
  let open: OpenRead | null = null;
  /** Streams known to have no rows after a position (the last page was short). */
  const exhausted = new Map<string, string>();

  function sessionOptions(): SessionOptions {
    const url = readSourceUrl(client, config.connection.urlEnv, env);
    ctx = { host: url.host, port: url.port, user: url.user, database: url.database, password: url.password };
    const ssl = config.connection.ssl;
    return {
      host: url.host, port: url.port, user: url.user, password: url.password, database: url.database,
      ssl: ssl === true ? { rejectUnauthorized: true } : ssl ? { rejectUnauthorized: ssl.rejectUnauthorized, ca: ssl.caFile ? readFileSync(ssl.caFile, 'utf8') : undefined } : undefined,
      statementTimeoutSeconds: config.connection.statementTimeoutSeconds,
      connectTimeoutSeconds: config.connection.connectTimeoutSeconds,
    };
  }

  async function connect(): Promise<SqlSession> {
    if (session?.usable) return session;
    if (session) { await session.close(); session = null; }
    connecting ??= (async () => {
      const o = sessionOptions();
      return client === 'mysql' ? openMysqlSession(o) : openPgSession(o);
    })().finally(() => { connecting = null; });
    session = await connecting;
    return session;
  }

  function streamConfig(stream: string): SqlStreamConfig {
    const s = config.streams[stream];
    if (!s) throw new SqlSourceError('config', `stream ${stream} is not configured (configured: ${Object.keys(config.streams).join(', ')})`, stream);
    return s;
  }

  function checkedQuery(stream: string): string {
    const check = checkSingleSelect(streamConfig(stream).query, client);
    if (!check.ok) throw new SqlSourceError('query', `stream ${stream}: the query ${check.message}`, stream);
    return check.sql;
  }

  async function closeOpenRead(): Promise<void> {
    const o = open;
    open = null;
    if (o) await o.rows.close().catch(() => undefined);
  }

  /** Runs `fn`; on failure drops the open read (and a broken session) and throws a classified, redacted error. */
  async function guarded<T>(stream: string | undefined, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      await closeOpenRead();
      if (session && !session.usable) { await session.close().catch(() => undefined); session = null; }
      throw toSqlSourceError(err, { ...ctx, stream });
    }
  }

  async function describe(stream: string): Promise<StreamShape> {
    const known = shapes.get(stream);
    if (known) return known;
    return guarded(stream, async () => {
      const query = checkedQuery(stream);
      await closeOpenRead(); // MariaDB: one result set per connection at a time
      const probed = await (await connect()).columns(probeSql(client, query));
      const shape = streamShape(stream, streamConfig(stream), probed);
      shapes.set(stream, shape);
      return shape;
    });
  }

  async function readPage(stream: string, cursorIn: SqlCursor | null, pageSize?: number): Promise<SqlPage> {
    const shape = await describe(stream);
    const size = pageSize ?? streamConfig(stream).pageSize;
    return guarded(stream, async () => {
      const cursor = cursorFor(shape.mode, cursorIn, stream);
      const position = JSON.stringify(cursor);
      if (exhausted.get(stream) === position) return { records: [], columns: shape.columns, nextCursor: null, done: true };
      if (!open || open.stream !== stream || open.position !== position) {
        await closeOpenRead();
        const { sql, params } = pageSql(client, checkedQuery(stream), shape.mode, cursor);
        open = { stream, position, rows: await (await connect()).rows(sql, params) };
      }
      const rows = await open.rows.next(size);
      const records = rows.map((row) => toRecord(row, shape.columns, timezone, keyText(row[KEY_COLUMN])));
      const last = rows[rows.length - 1];
      const nextCursor = last ? cursorAfter(shape, last, keyText(last[KEY_COLUMN])) : null;
      const done = rows.length < size;
      if (done) {
        await closeOpenRead();
        exhausted.set(stream, JSON.stringify(nextCursor ?? cursor));
      } else if (open) {
        open.position = JSON.stringify(nextCursor);
      }
      return { records, columns: shape.columns, nextCursor, done };
    });
  }

  // One connection, one result set at a time: calls made concurrently run one after the other.
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  }

  const source: SqlSource = {
    streams: Object.keys(config.streams),
    describe: (stream) => serial(() => describe(stream)),
    runStartCursor: (stream, stored) => serial(async () => {
      const shape = await describe(stream);
      exhausted.delete(stream); // a new run: rows may have arrived since
      return runStartCursor(shape.mode, stored, streamConfig(stream).lookbackSeconds);
    }),
    readPage: (stream, cursor, pageSize) => serial(() => readPage(stream, cursor, pageSize)),
    test: () => serial(() => runSourceTest({
        client, streams: Object.keys(config.streams),
        connect: async () => {
          await closeOpenRead();
          return connect();
        },
        describe: async (stream) => {
          shapes.delete(stream);
          return describe(stream);
        },
        query: (stream) => checkedQuery(stream),
        context: () => ctx,
      })),
    close: () => serial(async () => {
      await closeOpenRead();
      await session?.close();
      session = null;
    }),
  };
  return source;
}

function keyText(value: unknown): string {
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

function cursorAfter(shape: StreamShape, row: Record<string, unknown>, key: string): SqlCursor {
  if (shape.mode === 'incremental') return { mode: 'incremental', updatedAt: String(row.updated_at), externalId: key };
  return { mode: shape.mode, externalId: key };
}
