/**
 * The SQL source reader against a real MariaDB and a real PostgreSQL holding an ERP-shaped
 * database: keyset paging (ties, text ids), the look-back window, column types, one-line errors
 * without the password, and a session killed mid-read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlSource, type SqlCursor, type SqlSource, type SqlSourceConfigInput, type TestResult } from '../connectors/sql';
import { ERP_DB, READER_PASSWORD, READER_USER, mariadbErp, postgresErp, type ErpDatabase } from './support/erp-sql';

const ACCOUNTS = 'SELECT s.rowid AS external_id, s.nom AS name, s.idprof1 AS tax_id, s.tms AS updated_at FROM llx_societe s WHERE s.client IN (1,3)';
const LINES = 'SELECT d.rowid AS external_id, d.fk_facture AS invoice_external_id, d.rang AS line_no, d.description, d.total_ht AS net, d.tms AS updated_at FROM llx_facturedet d';
const CODES = 'SELECT c.code AS external_id, c.label AS name, c.tms AS updated_at FROM ext_codes c';
const CODE_VALUES = ['a', 'A', 'a ', 'b', 'B', 'é', 'e', 'E', '10', '9', '2', 'ä'];

interface Dialect {
  name: string;
  open: () => Promise<ErpDatabase>;
  seq: (n: number) => string; // FROM clause yielding column seq = 1..n
  at: (base: string, secondsExpr: string) => string; // timestamp expression
}

const dialects: Dialect[] = [
  {
    name: 'MariaDB', open: mariadbErp,
    seq: (n) => `seq_1_to_${n} s`,
    at: (base, secs) => `TIMESTAMP '${base}' + INTERVAL (${secs}) SECOND`,
  },
  {
    name: 'PostgreSQL', open: postgresErp,
    seq: (n) => `generate_series(1, ${n}) AS s(seq)`,
    at: (base, secs) => `TIMESTAMP '${base}' + (${secs}) * INTERVAL '1 second'`,
  },
];

function configFor(erp: ErpDatabase, streams: Record<string, Record<string, unknown>>, connection: Record<string, unknown> = {}): SqlSourceConfigInput {
  return { connection: { client: erp.client, urlEnv: 'ERP_DATABASE_URL', ...connection }, streams } as SqlSourceConfigInput;
}

interface ReadResult { ids: string[]; cursors: SqlCursor[]; records: Record<string, unknown>[] }

/** Reads a stream to its end the way the pipeline does; with `freshReaders`, every page comes from a new reader (a keyset query per page). */
async function readAll(make: () => SqlSource, stream: string, start: SqlCursor | null, pageSize: number, freshReaders = false): Promise<ReadResult> {
  const out: ReadResult = { ids: [], cursors: [], records: [] };
  let cursor = start;
  let source = make();
  try {
    for (let guard = 0; guard < 10_000; guard++) {
      if (freshReaders && guard > 0) { await source.close(); source = make(); }
      const page = await source.readPage(stream, cursor, pageSize);
      if (page.nextCursor === null) return out;
      out.records.push(...page.records);
      out.ids.push(...page.records.map((r) => String(r.external_id)));
      out.cursors.push(page.nextCursor);
      cursor = page.nextCursor;
    }
    throw new Error('readAll did not end');
  } finally {
    await source.close();
  }
}

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe.each(dialects)('SQL source on $name', (d) => {
  let erp: ErpDatabase;
  const env = () => ({ ERP_DATABASE_URL: erp.url });

  beforeAll(async () => {
    erp = await d.open();
    await erp.exec(`INSERT INTO llx_societe (rowid, nom, idprof1, client, tms)
      SELECT seq, CONCAT('Cliente ', seq), CONCAT('B', 1000000 + seq), CASE WHEN seq % 10 = 0 THEN 2 ELSE 1 END, ${d.at('2024-05-01 10:00:00', 'FLOOR(seq / 7)')} FROM ${d.seq(250)}`);
    for (const [i, code] of CODE_VALUES.entries()) {
      await erp.exec(`INSERT INTO ext_codes (code, label, tms) VALUES ('${code}', 'code ${i}', TIMESTAMP '2024-05-01 10:00:00')`);
    }
  });
  afterAll(async () => { await erp?.close(); });

  it('reads every row exactly once across pages, ties on updated_at included, streamed or one keyset query per page', async () => {
    const make = () => openSqlSource(configFor(erp, { accounts: { query: ACCOUNTS } }), { env: env() });
    const expected = (await erp.rows<{ id: number }>('SELECT rowid AS id FROM llx_societe WHERE client IN (1,3)')).map((r) => String(r.id)).sort();
    expect(expected).toHaveLength(225);
    for (const fresh of [false, true]) {
      const { ids, cursors } = await readAll(make, 'accounts', null, 13, fresh);
      expect([...ids].sort()).toEqual(expected);
      expect(new Set(ids).size).toBe(ids.length);
      // Cursors only move forward: (updated_at, external_id as UTF-8 bytes).
      for (let i = 1; i < cursors.length; i++) {
        const [a, b] = [cursors[i - 1]!, cursors[i]!] as { updatedAt: string; externalId: string }[];
        expect(a!.updatedAt < b!.updatedAt || (a!.updatedAt === b!.updatedAt && Buffer.compare(bytes(a!.externalId), bytes(b!.externalId)) < 0)).toBe(true);
      }
    }
  });

  it('orders text ids by their bytes: case, trailing spaces and accents never collapse two ids into one', async () => {
    for (const mode of ['incremental', 'snapshot'] as const) {
      const make = () => openSqlSource(configFor(erp, { accounts: { query: CODES, mode } }), { env: env() });
      const { ids } = await readAll(make, 'accounts', null, 2, true);
      expect([...ids].sort()).toEqual([...CODE_VALUES].sort());
      expect(ids).toEqual([...CODE_VALUES].sort((x, y) => Buffer.compare(bytes(x), bytes(y))));
    }
  });

  it('starts a run look-back seconds before the stored cursor: a row committed late with an older timestamp is read', async () => {
    const config = (lookbackSeconds: number) => configFor(erp, { accounts: { query: ACCOUNTS, lookbackSeconds } });
    const first = await readAll(() => openSqlSource(config(300), { env: env() }), 'accounts', null, 50);
    const stored = JSON.parse(JSON.stringify(first.cursors.at(-1))) as SqlCursor; // as the ledger stores it
    // A transaction that took its timestamp a minute ago commits only now; another row changes now.
    expect(stored).toMatchObject({ updatedAt: expect.stringMatching(/^2024-05-01 10:00:35/) });
    await erp.exec(`INSERT INTO llx_societe (rowid, nom, client, tms) VALUES (900, 'Tardía SL', 1, ${d.at('2024-05-01 10:00:25', '0')})`);
    await erp.exec(`UPDATE llx_societe SET nom = 'Cliente 5 bis', tms = ${d.at('2024-05-01 10:01:00', '0')} WHERE rowid = 5`);
    for (const [lookback, late] of [[15, true], [0, false]] as const) {
      const source = openSqlSource(config(lookback), { env: env() });
      const start = await source.runStartCursor('accounts', stored);
      await source.close();
      const again = await readAll(() => openSqlSource(config(lookback), { env: env() }), 'accounts', start, 50);
      expect(again.ids.includes('900')).toBe(late);
      expect(again.ids).toContain('5');
      expect(new Set(again.ids).size).toBe(again.ids.length);
      // Only the window is read again (7 rows a second here), not the whole table.
      if (lookback) expect(again.ids.length).toBeLessThanOrEqual(16 * 7 + 2);
      else expect(again.ids).toEqual(['5']);
    }
  });

  it('reads a snapshot stream (open items with their payments) whole each run, in pages by external_id', async () => {
    await erp.exec(`INSERT INTO llx_facture (rowid, ref, fk_soc, paye, datef, total_ttc, tms)
      SELECT seq, CONCAT('FA24-', seq), seq, CASE WHEN seq % 4 = 0 THEN 1 ELSE 0 END, DATE '2024-06-01', seq * 100, TIMESTAMP '2024-06-01 00:00:00' FROM ${d.seq(40)}`);
    await erp.exec('INSERT INTO llx_paiement_facture (fk_facture, amount, datep) SELECT rowid, 10.05, TIMESTAMP \'2024-06-02 00:00:00\' FROM llx_facture WHERE rowid % 3 = 0');
    const query = `SELECT f.rowid AS external_id, f.ref AS document_number, f.fk_soc AS account_external_id, f.datef AS issue_date,
      f.total_ttc - COALESCE(SUM(p.amount), 0) AS amount_due, 'EUR' AS currency
      FROM llx_facture f LEFT JOIN llx_paiement_facture p ON p.fk_facture = f.rowid WHERE f.paye = 0 GROUP BY f.rowid, f.ref, f.fk_soc, f.datef, f.total_ttc`;
    const make = () => openSqlSource(configFor(erp, { receivables: { query, mode: 'snapshot' } }), { env: env() });
    const source = make();
    expect(await source.runStartCursor('receivables', { mode: 'snapshot', externalId: '7' })).toBeNull();
    await source.close();
    for (const fresh of [false, true]) {
      const { ids, records, cursors } = await readAll(make, 'receivables', null, 7, fresh);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
      expect(cursors.at(-1)).toEqual({ mode: 'snapshot', externalId: '9' }); // text order: '10' < … < '9'
      const r3 = records.find((r) => r.external_id === '3')!;
      // MariaDB: DOUBLE minus DECIMAL is a DOUBLE; PostgreSQL: numeric stays exact.
      expect(r3.amount_due).toEqual(d.name === 'MariaDB' ? 289.95 : '289.95000000');
    }
  });

  it('reads in a read-only session: a query that would write is refused by the server', async () => {
    await erp.exec('CREATE SEQUENCE crmhub_seq');
    const query = d.name === 'MariaDB' ? 'SELECT NEXTVAL(crmhub_seq) AS external_id' : "SELECT nextval('crmhub_seq')::text AS external_id";
    const source = openSqlSource(configFor(erp, { accounts: { query } }), { env: env() });
    await expect(source.readPage('accounts', null)).rejects.toMatchObject({ kind: 'query', message: expect.stringMatching(/^stream accounts: the query failed .*read[- ]only transaction/i) });
    await source.close();
  });

  it('says what is wrong in one line per check, without the password', async () => {
    const run = async (url: string, streams: Record<string, Record<string, unknown>>, connection: Record<string, unknown> = {}): Promise<TestResult[]> => {
      const source = openSqlSource(configFor(erp, streams, connection), { env: { ERP_DATABASE_URL: url } });
      try { return await source.test(); } finally { await source.close(); }
    };
    const u = new URL(erp.url);
    const withUrl = (f: (x: URL) => void, base = erp.readerUrl()) => { const x = new URL(base); f(x); return x.toString(); };
    const cases: [string, string, Record<string, Record<string, unknown>>, RegExp, string?][] = [
      ['unknown host', withUrl((x) => { x.hostname = 'crmhub-no-such-host.invalid'; }), { accounts: { query: ACCOUNTS } }, /unknown host "crmhub-no-such-host\.invalid"/, 'config'],
      ['connection refused', withUrl((x) => { x.port = '1'; }), { accounts: { query: ACCOUNTS } }, /connection refused by 127\.0\.0\.1:1/, 'transient'],
      ['bad password / unknown user', erp.readerUrl('wrong-password'), { accounts: { query: ACCOUNTS } }, new RegExp(`access denied for user "${READER_USER}"`), 'auth'],
      ['unknown database', withUrl((x) => { x.pathname = '/crmhub_no_such_db'; }, erp.url), { accounts: { query: ACCOUNTS } }, /unknown database "crmhub_no_such_db"/, 'config'],
    ];
    for (const [what, url, streams, pattern, kind] of cases) {
      const results = await run(url, streams, { connectTimeoutSeconds: 5 });
      expect(results, what).toHaveLength(1);
      expect(results[0]!.ok, what).toBe(false);
      expect(results[0]!.message, what).toMatch(pattern);
      expect(results[0]!.kind, what).toBe(kind);
    }
    const good = d.name === 'MariaDB' ? erp.readerUrl() : u.toString();
    const results = await run(good, {
      accounts: { query: ACCOUNTS },
      contacts: { query: 'SELECT s.rowid AS external_id, s.nom AS name FROM llx_societe s WHERE s.client IN (1,3' },
      invoices: { query: 'SELECT f.rowid AS id, f.ref AS number FROM llx_facture f' },
      invoice_lines: { query: 'SELECT d.rowid AS external_id FROM llx_facturedet d; DELETE FROM llx_facturedet' },
      shipments: { query: d.name === 'MariaDB' ? 'SELECT SLEEP(3) AS external_id' : 'SELECT pg_sleep(3)::text AS external_id' },
      orders: { query: 'SELECT s.rowid AS external_id, s.tms AS updated_at FROM llx_societe s CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2) t' },
    }, { statementTimeoutSeconds: 1 });
    const by = Object.fromEntries(results.map((r) => [r.check, r]));
    expect(by.connect!.ok).toBe(true);
    expect(by.connect!.message).toMatch(/read-only session/);
    expect(by['stream accounts']).toMatchObject({ ok: true });
    const [{ n }] = await erp.rows<{ n: number }>('SELECT COUNT(*) AS n FROM llx_societe WHERE client IN (1,3)') as [{ n: number }];
    expect(by['stream accounts']!.message).toMatch(new RegExp(`incremental, ${Number(n)} rows`));
    expect(by['stream contacts']).toMatchObject({ ok: false, kind: 'query' });
    expect(by['stream contacts']!.message).toMatch(/^stream contacts: the query failed .*syntax/i);
    expect(by['stream invoices']).toMatchObject({ ok: false, kind: 'query', message: 'stream invoices: the query returns no external_id column (it returns id, number): alias the source\'s record id AS external_id' });
    expect(by['stream invoice_lines']).toMatchObject({ ok: false, kind: 'query' });
    expect(by['stream invoice_lines']!.message).toMatch(/must be a single SELECT/);
    expect(by['stream shipments']).toMatchObject({ ok: false, kind: 'transient' });
    expect(by['stream shipments']!.message).toMatch(/^stream shipments: timeout/);
    expect(by['stream orders']).toMatchObject({ ok: false, kind: 'query' });
    expect(by['stream orders']!.message).toMatch(/^stream orders: \d+ rows repeat an external_id/);
    for (const r of results) {
      expect(r.message).not.toMatch(/\n/);
      expect(r.message).not.toContain(READER_PASSWORD);
      expect(r.message).not.toContain(encodeURIComponent(READER_PASSWORD));
    }
    expect((await erp.rows('SELECT COUNT(*) AS n FROM llx_facturedet')).length).toBe(1); // the DELETE never ran
  });

  it('a killed session mid-read is a transient error, and a new reader resumes from the last cursor without skipping or doubling', async () => {
    await erp.exec(`INSERT INTO llx_facturedet (fk_facture, rang, description, qty, tva_tx, total_ht, tms)
      SELECT 1 + FLOOR(seq / 5), seq % 5, REPEAT('línea de factura ', 18), 1, 21, seq * 1.5, ${d.at('2024-06-01 00:00:00', 'FLOOR(seq / 3)')} FROM ${d.seq(40000)}`);
    const make = () => openSqlSource(configFor(erp, { invoice_lines: { query: LINES } }), { env: env() });
    const first = make();
    const ids: string[] = [];
    let cursor: SqlCursor | null = null;
    for (let i = 0; i < 3; i++) {
      const page = await first.readPage('invoice_lines', cursor, 1000);
      ids.push(...page.records.map((r) => String(r.external_id)));
      cursor = page.nextCursor;
    }
    expect(await erp.killReaderSessions()).toBeGreaterThan(0);
    let failure: unknown;
    try {
      // Rows already in the socket's buffers may still arrive; the kill surfaces before the end.
      for (;;) {
        const page = await first.readPage('invoice_lines', cursor, 1000);
        if (page.nextCursor === null) break;
        ids.push(...page.records.map((r) => String(r.external_id)));
        cursor = page.nextCursor;
      }
    } catch (err) {
      failure = err;
    }
    await first.close();
    expect(failure).toMatchObject({ name: 'SqlSourceError', kind: 'transient', stream: 'invoice_lines' });
    expect(String((failure as Error).message)).not.toMatch(/\n/);
    const rest = await readAll(make, 'invoice_lines', cursor, 1000);
    const all = [...ids, ...rest.ids];
    expect(all).toHaveLength(40000);
    expect(new Set(all).size).toBe(40000);
  });
});

describe('SQL source value types', () => {
  it('MariaDB: DOUBLE money is a float column, DECIMAL and BIGINT exact strings, DATETIME read in the configured zone, zero dates null', async () => {
    const erp = await mariadbErp();
    try {
      await erp.exec(`SET SESSION sql_mode = ''; SET SESSION time_zone = '+00:00'`);
      await erp.exec(`INSERT INTO llx_societe (rowid, nom, tms) VALUES (1, 'Ferretería Núñez', '2024-01-15 12:00:00.250000')`);
      await erp.exec(`INSERT INTO llx_facture (rowid, ref, fk_soc, datef, date_lim_reglement, total_ht, total_tva, total_ttc, multicurrency_total_ttc, big_counter, tms) VALUES
        (1, 'FA2407-0001', 1, '2024-07-01', '0000-00-00', 0.1e0, 0.2e0, 0.1e0 + 0.2e0, 0.1e0 + 0.2e0, 9007199254740993, '2024-07-01 10:00:00.123456'),
        (2, 'FA2410-0002', 1, '2024-10-27', NULL, 100, 21, 121, 121, NULL, '2024-10-27 02:30:00')`);
      await erp.exec(`INSERT INTO llx_paiement_facture (fk_facture, amount, datep) VALUES (1, 100.10, NOW()), (1, 0.02, NOW())`);
      const source = openSqlSource({
        connection: { client: 'mysql', urlEnv: 'ERP_DATABASE_URL', timezone: 'Europe/Madrid' },
        streams: {
          invoices: { query: `SELECT f.rowid AS external_id, f.ref AS number, f.fk_soc AS account_external_id, f.datef AS issue_date, f.date_lim_reglement AS due_date,
            f.total_ttc AS total_gross, f.multicurrency_total_ttc AS total_gross_sum, f.big_counter AS big_counter, f.tms AS updated_at,
            (SELECT SUM(p.amount) FROM llx_paiement_facture p WHERE p.fk_facture = f.rowid) AS paid FROM llx_facture f` },
          accounts: { query: 'SELECT s.rowid AS external_id, s.nom AS name, s.tms AS updated_at FROM llx_societe s' },
        },
      }, { env: { ERP_DATABASE_URL: erp.url } });
      const page = await source.readPage('invoices', null);
      const cols = Object.fromEntries(page.columns.map((c) => [c.name, c]));
      // Dolibarr's DOUBLE(24,8) rounds to 8 decimals when it stores (0.1 + 0.2 → 0.3); a plain DOUBLE keeps the binary value.
      expect(cols.total_gross).toMatchObject({ family: 'float', dbType: 'DOUBLE' });
      expect(cols.total_gross_sum).toMatchObject({ family: 'float', dbType: 'DOUBLE' });
      expect(cols.paid).toMatchObject({ family: 'decimal', scale: 8 });
      expect(cols.big_counter).toMatchObject({ family: 'integer', dbType: 'BIGINT UNSIGNED' });
      expect(cols.issue_date).toMatchObject({ family: 'date' });
      expect(cols.updated_at).toMatchObject({ family: 'timestamp', zoned: false, dbType: 'DATETIME' });
      expect(cols.external_id).toMatchObject({ family: 'text' });
      expect(page.records).toEqual([
        { external_id: '1', number: 'FA2407-0001', account_external_id: 1, issue_date: '2024-07-01', due_date: null, total_gross: 0.3, total_gross_sum: 0.30000000000000004,
          big_counter: '9007199254740993', updated_at: '2024-07-01T08:00:00.123456Z', paid: '100.12000000' },
        // 02:30 on the night clocks go back happens twice: the first (summer time) is taken.
        { external_id: '2', number: 'FA2410-0002', account_external_id: 1, issue_date: '2024-10-27', due_date: null, total_gross: 121, total_gross_sum: 121,
          big_counter: null, updated_at: '2024-10-27T00:30:00Z', paid: null },
      ]);
      expect(page.nextCursor).toEqual({ mode: 'incremental', updatedAt: '2024-10-27 02:30:00.000000', externalId: '2' });
      const accounts = await source.readPage('accounts', null);
      expect(accounts.columns.find((c) => c.name === 'updated_at')).toMatchObject({ family: 'timestamp', zoned: true, dbType: 'TIMESTAMP' });
      expect(accounts.records).toEqual([{ external_id: '1', name: 'Ferretería Núñez', updated_at: '2024-01-15T12:00:00.25Z' }]);
      await source.close();
    } finally {
      await erp.close();
    }
  });

  it('PostgreSQL: NUMERIC and bigint exact strings, double precision a float column, timestamp read in the configured zone, timestamptz as its instant', async () => {
    const erp = await postgresErp();
    try {
      await erp.exec(`INSERT INTO llx_societe (rowid, nom, tms) VALUES (1, 'Ferretería Núñez', '2024-01-15 12:00:00.25+00')`);
      await erp.exec(`INSERT INTO llx_facture (rowid, ref, fk_soc, datef, total_ttc, total_ttc_float, big_counter, tms) VALUES
        (1, 'FA2407-0001', 1, '2024-07-01', 0.3, 0.1::float8 + 0.2::float8, 9007199254740993, '2024-07-01 10:00:00.123456')`);
      await erp.exec(`INSERT INTO llx_paiement_facture (fk_facture, amount, datep) VALUES (1, 100.10, now()), (1, 0.02, now())`);
      const source = openSqlSource({
        connection: { client: 'pg', urlEnv: 'ERP_DATABASE_URL', timezone: 'Europe/Madrid' },
        streams: {
          invoices: { query: `SELECT f.rowid AS external_id, f.datef AS issue_date, f.total_ttc AS total_gross, f.total_ttc_float AS total_gross_float,
            f.big_counter, f.tms AS updated_at, (SELECT SUM(p.amount) FROM llx_paiement_facture p WHERE p.fk_facture = f.rowid) AS paid FROM llx_facture f` },
          accounts: { query: 'SELECT s.rowid AS external_id, s.nom AS name, s.tms AS updated_at FROM llx_societe s' },
        },
      }, { env: { ERP_DATABASE_URL: erp.url } });
      const page = await source.readPage('invoices', null);
      const cols = Object.fromEntries(page.columns.map((c) => [c.name, c]));
      expect(cols.total_gross).toMatchObject({ family: 'decimal', dbType: 'numeric(24,8)', scale: 8 });
      expect(cols.total_gross_float).toMatchObject({ family: 'float', dbType: 'double precision' });
      expect(cols.paid).toMatchObject({ family: 'decimal' });
      expect(cols.updated_at).toMatchObject({ family: 'timestamp', zoned: false });
      expect(page.records).toEqual([{ external_id: '1', issue_date: '2024-07-01', total_gross: '0.30000000', total_gross_float: 0.30000000000000004,
        big_counter: '9007199254740993', updated_at: '2024-07-01T08:00:00.123456Z', paid: '100.12000000' }]);
      const accounts = await source.readPage('accounts', null);
      expect(accounts.columns.find((c) => c.name === 'updated_at')).toMatchObject({ zoned: true, dbType: 'timestamp with time zone' });
      expect(accounts.records).toEqual([{ external_id: '1', name: 'Ferretería Núñez', updated_at: '2024-01-15T12:00:00.25Z' }]);
      expect(accounts.nextCursor).toEqual({ mode: 'incremental', updatedAt: '2024-01-15 12:00:00.25+00', externalId: '1' });
      await source.close();
    } finally {
      await erp.close();
    }
  });
});

void ERP_DB;
