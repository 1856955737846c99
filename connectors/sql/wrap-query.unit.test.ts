import { describe, expect, it } from 'vitest';
import { keyCountsSql, pageSql, probeSql, quoteIdent } from './wrap-query';

const Q = 'SELECT s.rowid AS external_id, s.tms AS updated_at FROM llx_societe s -- trailing comment';

describe('query wrapping', () => {
  it('quotes identifiers for each dialect, doubling embedded quotes', () => {
    expect(quoteIdent('mysql', 'a`b')).toBe('`a``b`');
    expect(quoteIdent('pg', 'a"b')).toBe('"a""b"');
  });

  it('probes with LIMIT 0 around the query, a newline keeping a trailing comment inside', () => {
    expect(probeSql('mysql', Q)).toBe(`SELECT * FROM (\n${Q}\n) AS \`crmhub_q\` LIMIT 0`);
    expect(probeSql('pg', Q)).toBe(`SELECT * FROM (\n${Q}\n) AS "crmhub_q" LIMIT 0`);
  });

  it('MariaDB incremental: keyset on (updated_at, binary UTF-8 text of external_id)', () => {
    const k = 'CAST(CONVERT(`crmhub_q`.`external_id` USING utf8mb4) AS BINARY)';
    expect(pageSql('mysql', Q, 'incremental', { mode: 'incremental', updatedAt: '2024-05-01 10:00:00.000000', externalId: '42' })).toEqual({
      sql: `SELECT \`crmhub_q\`.*, ${k} AS \`crmhub_key\`\nFROM (\n${Q}\n) AS \`crmhub_q\`\n` +
        `WHERE \`crmhub_q\`.\`external_id\` IS NOT NULL AND \`crmhub_q\`.\`updated_at\` IS NOT NULL AND \`crmhub_q\`.\`updated_at\` >= ? AND (\`crmhub_q\`.\`updated_at\` > ? OR ${k} > ?)\n` +
        'ORDER BY `crmhub_q`.`updated_at`, `crmhub_key`',
      params: ['2024-05-01 10:00:00.000000', '2024-05-01 10:00:00.000000', '42'],
    });
  });

  it('PostgreSQL incremental: keyset on (updated_at, external_id::text COLLATE "C"), numbered parameters', () => {
    const k = '("crmhub_q"."external_id")::text COLLATE "C"';
    expect(pageSql('pg', Q, 'incremental', { mode: 'incremental', updatedAt: '2024-05-01 10:00:00+00', externalId: '42' })).toEqual({
      sql: `SELECT "crmhub_q".*, ${k} AS "crmhub_key"\nFROM (\n${Q}\n) AS "crmhub_q"\n` +
        `WHERE "crmhub_q"."external_id" IS NOT NULL AND "crmhub_q"."updated_at" IS NOT NULL AND "crmhub_q"."updated_at" >= $1 AND ("crmhub_q"."updated_at" > $1 OR ${k} > $2)\n` +
        'ORDER BY "crmhub_q"."updated_at", "crmhub_key"',
      params: ['2024-05-01 10:00:00+00', '42'],
    });
  });

  it('a run start after the look-back is inclusive on updated_at; no cursor reads from the beginning', () => {
    const start = pageSql('pg', Q, 'incremental', { mode: 'incremental', updatedAt: '2024-05-01 09:55:00+00', externalId: null });
    expect(start.sql).toContain('"crmhub_q"."updated_at" >= $1\nORDER BY');
    expect(start.params).toEqual(['2024-05-01 09:55:00+00']);
    const first = pageSql('mysql', Q, 'incremental', null);
    expect(first.sql).toContain('WHERE `crmhub_q`.`external_id` IS NOT NULL AND `crmhub_q`.`updated_at` IS NOT NULL\nORDER BY');
    expect(first.params).toEqual([]);
  });

  it('snapshot/full: keyset on the external_id text alone', () => {
    expect(pageSql('mysql', Q, 'snapshot', { mode: 'snapshot', externalId: 'F-10' })).toMatchObject({
      sql: expect.stringMatching(/WHERE `crmhub_q`.`external_id` IS NOT NULL AND CAST\(CONVERT\(`crmhub_q`.`external_id` USING utf8mb4\) AS BINARY\) > \?\nORDER BY `crmhub_key`$/),
      params: ['F-10'],
    });
    expect(pageSql('pg', Q, 'full', null)).toMatchObject({ sql: expect.stringMatching(/WHERE "crmhub_q"."external_id" IS NOT NULL\nORDER BY "crmhub_key"$/), params: [] });
  });

  it('counts the rows the keyset order cannot read', () => {
    expect(keyCountsSql('pg', Q, 'incremental')).toContain('SUM(CASE WHEN "crmhub_q"."updated_at" IS NULL THEN 1 ELSE 0 END) AS null_updated');
    expect(keyCountsSql('mysql', Q, 'full')).toContain('0 AS null_updated');
  });
});
