/** The SQL source connector (`--connector sql`): see README.md. */
export { SqlSourceConfig, SqlStreamConfig, SqlConnectionConfig, SqlClient, SqlStreamMode, describeConfigIssues } from './config';
export type { SqlSourceConfigInput } from './config';
export { SQL_STREAMS, isSqlStreamName, type SqlStreamName } from './streams';
export { SqlCursor, IncrementalCursor, WholeReadCursor, runStartCursor } from './cursor';
export type { ColumnInfo, ColumnFamily } from './columns';
export type { RawRecord } from './values';
export { openSqlSource, type SqlSource, type SqlPage, type OpenSqlSourceOptions } from './reader';
export type { StreamShape } from './stream-shape';
export type { TestResult } from './test-source';
export { SqlSourceError, classifySqlError, type SqlErrorKind, type ClassifiedSqlError } from './errors';
export { settleGuard, type SettleVerdict, type SettleGuardInput } from './settle-guard';
export { redact } from './redact';
export { testSqlSource } from './test-sql-source';
export { sqlDescriptor } from './descriptor';
