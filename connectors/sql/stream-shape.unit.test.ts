import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from './columns';
import { SqlStreamConfig } from './config';
import { streamShape } from './stream-shape';

const c = (name: string, family: ColumnInfo['family'] = 'text', dbType = 'VARCHAR'): ColumnInfo => ({ name, family, dbType });
const cfg = (extra: Record<string, unknown> = {}) => SqlStreamConfig.parse({ query: 'SELECT 1', ...extra });

function refusal(fn: () => unknown): { kind: string; message: string } {
  try { fn(); } catch (e) { return e as { kind: string; message: string }; }
  throw new Error('expected a refusal');
}

describe('streamShape', () => {
  it('reads incrementally when the query returns updated_at, else whole', () => {
    expect(streamShape('accounts', cfg(), [c('external_id', 'integer', 'INT'), c('updated_at', 'timestamp', 'DATETIME')])).toEqual({
      mode: 'incremental', columns: [{ name: 'external_id', family: 'text', dbType: 'INT' }, { name: 'updated_at', family: 'timestamp', dbType: 'DATETIME' }],
    });
    expect(streamShape('accounts', cfg(), [c('external_id')]).mode).toBe('full');
    expect(streamShape('receivables', cfg({ mode: 'snapshot' }), [c('external_id'), c('updated_at', 'timestamp')]).mode).toBe('snapshot');
  });

  it.each([
    [cfg(), [c('id'), c('name')], 'query', "stream invoices: the query returns no external_id column (it returns id, name): alias the source's record id AS external_id"],
    [cfg(), [c('EXTERNAL_ID')], 'query', 'stream invoices: the query returns "EXTERNAL_ID"; the alias must be spelled external_id (lower case)'],
    [cfg(), [c('external_id'), c('name'), c('name')], 'query', 'stream invoices: the query returns the column "name" twice: give each column its own alias'],
    [cfg(), [c('external_id'), c('crmhub_key')], 'query', 'stream invoices: the alias "crmhub_key" is reserved for crmhub: rename that column'],
    [cfg({ mode: 'incremental' }), [c('external_id')], 'config', /^stream invoices: mode "incremental" needs an updated_at column/],
    [cfg(), [c('external_id'), c('updated_at', 'text', 'VARCHAR')], 'query', 'stream invoices: updated_at is VARCHAR; incremental reading needs a DATE, DATETIME or TIMESTAMP (cast it, or use mode "full")'],
  ])('refuses %#', (config, columns, kind, message) => {
    const err = refusal(() => streamShape('invoices', config, columns));
    expect(err.kind).toBe(kind);
    if (typeof message === 'string') expect(err.message).toBe(message);
    else expect(err.message).toMatch(message);
  });
});
