/**
 * What went wrong with an SQL source, in one line, and whether retrying can help.
 * `auth`, `config` and `query` are the user's to fix (non-retryable for Temporal); `transient`
 * (connection reset, server restarting, deadlock, timeout) is retried, and the next attempt
 * resumes from the committed cursor.
 */
import { redact } from './redact';

export type SqlErrorKind = 'auth' | 'config' | 'query' | 'transient';

export class SqlSourceError extends Error {
  override readonly name = 'SqlSourceError';
  constructor(readonly kind: SqlErrorKind, message: string, readonly stream?: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Where the error happened: named in messages. The password is only used to redact it. */
export interface SqlErrorContext {
  host?: string;
  port?: number;
  user?: string;
  database?: string;
  stream?: string;
  password?: string;
}

export interface ClassifiedSqlError { kind: SqlErrorKind; message: string }

interface DriverError { code?: unknown; errno?: unknown; sqlState?: unknown; sqlMessage?: unknown; message?: unknown; hostname?: unknown }

const NETWORK_TRANSIENT = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT']);
const TLS_CONFIG = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|HANDSHAKE|SSL|TLS/;

// MariaDB/MySQL server error numbers (include/mysqld_error.h, MariaDB's sql/share/errmsg-utf8.txt).
const MYSQL_AUTH = new Set([1044, 1045, 1142, 1143, 1227, 1251, 1698, 1130]);
const MYSQL_TRANSIENT = new Set([1040, 1053, 1077, 1078, 1079, 1080, 1152, 1153, 1154, 1156, 1158, 1159, 1160, 1161, 1184, 1203, 1205, 1213, 1317, 1927, 2006, 2013]);
const MYSQL_TIMEOUT = new Set([1969, 3024]); // max_statement_time (MariaDB), max_execution_time (MySQL)

export function classifySqlError(err: unknown, ctx: SqlErrorContext = {}): ClassifiedSqlError {
  const out = classifyUnredacted(err, ctx);
  return { kind: out.kind, message: redact(out.message, [ctx.password]) };
}

function classifyUnredacted(err: unknown, ctx: SqlErrorContext): ClassifiedSqlError {
  const stream = ctx.stream ? `stream ${ctx.stream}: ` : '';
  if (err instanceof SqlSourceError) return { kind: err.kind, message: err.message };
  const e = (typeof err === 'object' && err !== null ? err : {}) as DriverError;
  const code = typeof e.code === 'string' ? e.code : '';
  const errno = typeof e.errno === 'number' ? e.errno : undefined;
  const text = oneLine(typeof e.sqlMessage === 'string' ? e.sqlMessage : err instanceof Error ? err.message : String(err));
  const where = ctx.host ? `${ctx.host}:${ctx.port ?? ''}`.replace(/:$/, '') : 'the database server';
  const user = ctx.user ? `user "${ctx.user}"` : 'the user';
  const db = ctx.database ? `database "${ctx.database}"` : 'the database';

  // Network and DNS, before any server answer.
  if (code === 'ENOTFOUND') return { kind: 'config', message: `unknown host "${ctx.host ?? e.hostname ?? '?'}": the name does not resolve (check the host in the URL)` };
  if (code === 'EAI_AGAIN') return { kind: 'transient', message: `cannot resolve host "${ctx.host ?? e.hostname ?? '?'}" right now (DNS lookup failed temporarily)` };
  if (code === 'ECONNREFUSED') return { kind: 'transient', message: `connection refused by ${where}: no database server listens there (is it running? right port?)` };
  if (code === 'ETIMEDOUT' || (/timeout expired|connect ?timeout|Connection terminated due to connection timeout/i.test(text) && !errno)) {
    return { kind: 'transient', message: `timed out connecting to ${where} (${text})` };
  }
  if (TLS_CONFIG.test(code) || /does not support SSL|SSL connection is required|self[- ]signed certificate/i.test(text)) {
    return { kind: 'config', message: `TLS problem with ${where}: ${text} (see connection.ssl)` };
  }
  if (NETWORK_TRANSIENT.has(code)) return { kind: 'transient', message: `${stream}connection to ${where} lost (${code}): ${text}` };

  // PostgreSQL: SQLSTATE in `code` (Appendix A of the PostgreSQL manual).
  if (/^[0-9A-Z]{5}$/.test(code) && !errno) {
    if (code === '28P01' || code === '28000') return { kind: 'auth', message: `access denied for ${user} on ${where}: ${text}` };
    if (code === '42501') return { kind: 'auth', message: `${stream}permission denied for ${user}: ${text}` };
    if (code === '3D000') return { kind: 'config', message: `unknown ${db} on ${where}: ${text}` };
    if (code === '57014') return { kind: 'transient', message: `${stream}timeout: the statement ran longer than connection.statementTimeoutSeconds (${text}); raise it or index the columns the query filters and orders by` };
    if (code.startsWith('08') || code.startsWith('57P') || code.startsWith('53') || code === '40001' || code === '40P01' || code === '55P03') {
      return { kind: 'transient', message: `${stream}the database server dropped the session or is unavailable (${code}): ${text}` };
    }
    if (code.startsWith('42') || code.startsWith('22') || code.startsWith('0A') || code === '25006' || code.startsWith('21')) {
      return { kind: 'query', message: `${stream}the query failed (${code}): ${text}` };
    }
    return { kind: 'transient', message: `${stream}database error ${code}: ${text}` };
  }

  // MariaDB/MySQL: server error number in `errno`.
  if (errno !== undefined) {
    if (MYSQL_AUTH.has(errno)) {
      return errno === 1142 || errno === 1143
        ? { kind: 'auth', message: `${stream}permission denied for ${user}: ${text}` }
        : { kind: 'auth', message: `access denied for ${user} on ${where}: ${text}` };
    }
    if (errno === 1049) return { kind: 'config', message: `unknown ${db} on ${where}: ${text}` };
    if (MYSQL_TIMEOUT.has(errno)) return { kind: 'transient', message: `${stream}timeout: the statement ran longer than connection.statementTimeoutSeconds (${text}); raise it or index the columns the query filters and orders by` };
    if (MYSQL_TRANSIENT.has(errno)) return { kind: 'transient', message: `${stream}the database server dropped the session or is busy (${code || errno}): ${text}` };
    const sqlState = typeof e.sqlState === 'string' ? e.sqlState : '';
    if ((errno >= 1000 && errno < 2000) || sqlState.startsWith('42')) return { kind: 'query', message: `${stream}the query failed (${code || errno}): ${text}` };
  }

  // node-postgres raises plain Errors when the socket ends under it.
  if (/Connection terminated|not queryable|Client was closed|socket hang up|read ECONNRESET|Connection lost/i.test(text)) {
    return { kind: 'transient', message: `${stream}connection to ${where} lost: ${text}` };
  }
  return { kind: 'transient', message: `${stream}${text}` };
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

/** Re-throws any error as an SqlSourceError with a classified, redacted one-line message. */
export function toSqlSourceError(err: unknown, ctx: SqlErrorContext): SqlSourceError {
  if (err instanceof SqlSourceError) return new SqlSourceError(err.kind, redact(err.message, [ctx.password]), err.stream ?? ctx.stream, { cause: err.cause });
  const { kind, message } = classifySqlError(err, ctx);
  return new SqlSourceError(kind, message, ctx.stream);
}
