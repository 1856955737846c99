/** What the reader needs from a database connection; one implementation per driver. */
import type { ColumnInfo } from './columns';

export interface SessionInfo {
  /** e.g. "MariaDB 10.11.19", "PostgreSQL 15.20". */
  server: string;
  /** Connection id (MariaDB) or backend pid (PostgreSQL), for the server's process list. */
  sessionId: string;
  /** Whether the server accepted a read-only session. */
  readOnly: boolean;
}

/** Rows of one query in order, fetched on demand; fewer than asked means the result has ended. */
export interface RowStream {
  next(count: number): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export interface SqlSession {
  readonly info: SessionInfo;
  /** Columns of a query that returns no rows (`LIMIT 0`). */
  columns(sql: string): Promise<ColumnInfo[]>;
  /** The first row of a small query. */
  one(sql: string): Promise<Record<string, unknown>>;
  /** Starts a query whose rows are read page by page, never all at once. */
  rows(sql: string, params: string[]): Promise<RowStream>;
  /** False once the connection failed or was closed: the reader then opens a new one. */
  readonly usable: boolean;
  close(): Promise<void>;
}

export interface SessionOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  ssl?: { rejectUnauthorized: boolean; ca?: string } | undefined;
  statementTimeoutSeconds: number;
  connectTimeoutSeconds: number;
}
