import { describe, expect, it } from 'vitest';
import { SqlSourceConfig, describeConfigIssues } from './config';
import { openSqlSource } from './reader';
import { SqlSourceError } from './errors';

const base = { connection: { client: 'mysql', urlEnv: 'ERP_DATABASE_URL' }, streams: { accounts: { query: 'SELECT 1 AS external_id' } } };

function issues(input: unknown): string {
  const r = SqlSourceConfig.safeParse(input);
  if (r.success) throw new Error('expected the config to be refused');
  return describeConfigIssues(r.error);
}

describe('SqlSourceConfig', () => {
  it('fills the defaults', () => {
    expect(SqlSourceConfig.parse(base)).toEqual({
      connection: { client: 'mysql', urlEnv: 'ERP_DATABASE_URL', statementTimeoutSeconds: 300, connectTimeoutSeconds: 15, timezone: 'UTC' },
      streams: { accounts: { query: 'SELECT 1 AS external_id', lookbackSeconds: 300, maxSettleShare: 0.5, pageSize: 5000 } },
    });
  });

  it.each([
    [{ ...base, connection: { ...base.connection, client: 'mssql' } }, 'connection.client: connection.client must be "mysql" (MariaDB too) or "pg"'],
    [{ ...base, connection: { ...base.connection, urlEnv: 'mysql://root:pw@db/erp' } }, 'connection.urlEnv: connection.urlEnv must name an environment variable'],
    [{ ...base, connection: { ...base.connection, timezone: 'Madrid' } }, 'connection.timezone: "Madrid" is not an IANA time zone'],
    [{ ...base, connection: { ...base.connection, password: 'x' } }, 'connection: Unrecognized key: "password"'],
    [{ ...base, streams: {} }, 'streams: streams is empty'],
    [{ ...base, streams: { invoice: { query: 'SELECT 1' } } }, 'streams.invoice: unknown stream "invoice": streams are accounts, contacts, invoices'],
    [{ ...base, streams: { accounts: { query: '  ' } } }, 'streams.accounts.query: query is empty'],
    [{ ...base, streams: { accounts: { query: 'SELECT 1', mode: 'delta' } } }, 'streams.accounts.mode: mode must be "incremental"'],
    [{ ...base, streams: { accounts: { query: 'SELECT 1', maxSettleShare: 1.5 } } }, 'streams.accounts.maxSettleShare'],
  ])('refuses %j with a line naming the place', (input, expected) => {
    expect(issues(input)).toContain(expected);
  });

  it('is refused by openSqlSource as a config error, with the URL it was given redacted', () => {
    const bad = { ...base, connection: { ...base.connection, urlEnv: 'mysql://root:hunter2@db/erp' } };
    const err = (() => { try { openSqlSource(bad); } catch (e) { return e; } })() as SqlSourceError;
    expect(err).toBeInstanceOf(SqlSourceError);
    expect(err.kind).toBe('config');
    expect(err.message).toMatch(/^invalid SQL source config: connection.urlEnv/);
    expect(err.message).not.toContain('hunter2');
  });
});

describe('testSqlSource without a database', () => {
  it('reports an invalid config as one failed check', async () => {
    const { testSqlSource } = await import('./test-sql-source');
    expect(await testSqlSource({ connection: { client: 'oracle', urlEnv: 'X' }, streams: { accounts: { query: 'SELECT 1' } } }, {})).toEqual([
      { ok: false, check: 'config', kind: 'config', message: 'invalid SQL source config: connection.client: connection.client must be "mysql" (MariaDB too) or "pg"' },
    ]);
  });

  it('reports a missing URL variable on the connect check, before any network', async () => {
    const { testSqlSource } = await import('./test-sql-source');
    expect(await testSqlSource(base, {})).toEqual([
      { ok: false, check: 'connect', kind: 'config', message: 'environment variable ERP_DATABASE_URL is not set: it must hold the connection URL (mysql://<user>:<password>@<host>:3306/<database>)' },
    ]);
  });
});
