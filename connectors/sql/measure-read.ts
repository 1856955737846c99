/**
 * Not a test: how fast the SQL reader pages through a table, streamed (one query per run, the
 * reader's way) against one keyset query per page (what a new reader per page would cost).
 *   node bin/run-ts.cjs connectors/sql/measure-read.ts [rows=200000] [pageSize=5000]
 * Uses database crmhub_erp_sql_measure in the local MariaDB (root) and PostgreSQL (postgres).
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import { openSqlSource, type SqlCursor } from './index';

const ROWS = Number(process.argv[2] ?? 200_000);
const PAGE = Number(process.argv[3] ?? 5000);
const DB = 'crmhub_erp_sql_measure';
const QUERY = 'SELECT d.rowid AS external_id, d.fk_facture AS invoice_external_id, d.description, d.qty AS quantity, d.total_ht AS net, d.tms AS updated_at FROM llx_facturedet d';

async function seedMariadb(): Promise<string> {
  const c = await mysql.createConnection({ uri: 'mysql://root@127.0.0.1:3306', multipleStatements: true });
  await c.query(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; USE ${DB};
    CREATE TABLE llx_facturedet (rowid INT AUTO_INCREMENT PRIMARY KEY, fk_facture INT, description VARCHAR(255), qty DOUBLE, total_ht DOUBLE(24,8), tms DATETIME(6));
    INSERT INTO llx_facturedet (fk_facture, description, qty, total_ht, tms)
      SELECT 1 + seq DIV 5, CONCAT('Tornillo hexagonal M8 x 40 zincado, caja de 100 uds ', seq), 1 + seq % 7, seq * 1.37, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (seq DIV 3) SECOND FROM seq_1_to_${ROWS};`);
  await c.end();
  return `mysql://root@127.0.0.1:3306/${DB}`;
}

async function seedPostgres(): Promise<string> {
  const s = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await s.connect();
  await s.query(`DROP DATABASE IF EXISTS ${DB}`);
  await s.query(`CREATE DATABASE ${DB}`);
  await s.end();
  const c = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${DB}` });
  await c.connect();
  await c.query(`CREATE TABLE llx_facturedet (rowid serial PRIMARY KEY, fk_facture int, description varchar(255), qty float8, total_ht numeric(24,8), tms timestamp(6));
    INSERT INTO llx_facturedet (fk_facture, description, qty, total_ht, tms)
      SELECT 1 + g / 5, 'Tornillo hexagonal M8 x 40 zincado, caja de 100 uds ' || g, 1 + g % 7, g * 1.37, TIMESTAMP '2024-01-01 00:00:00' + (g / 3) * INTERVAL '1 second' FROM generate_series(1, ${ROWS}) g;
    ANALYZE llx_facturedet;`);
  await c.end();
  return `postgres://postgres@127.0.0.1:5432/${DB}`;
}

async function measure(client: 'mysql' | 'pg', url: string, freshPerPage: boolean) {
  const make = () => openSqlSource({ connection: { client, urlEnv: 'U' }, streams: { invoice_lines: { query: QUERY, pageSize: PAGE } } }, { env: { U: url } });
  let source = make();
  let cursor: SqlCursor | null = null;
  let rows = 0;
  let peakRss = 0;
  const t0 = performance.now();
  for (;;) {
    if (freshPerPage && rows > 0) { await source.close(); source = make(); }
    const page = await source.readPage('invoice_lines', cursor);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (page.nextCursor === null) break;
    rows += page.records.length;
    cursor = page.nextCursor;
  }
  await source.close();
  const s = (performance.now() - t0) / 1000;
  if (rows !== ROWS) throw new Error(`read ${rows} rows, expected ${ROWS}`);
  console.log(`${client.padEnd(5)} ${freshPerPage ? 'keyset query per page' : 'streamed (reader)    '}: ${rows} rows in ${s.toFixed(2)} s = ${Math.round(rows / s)} rows/s, peak RSS ${Math.round(peakRss / 1048576)} MB`);
}

async function main() {
  console.log(`${ROWS} rows, page size ${PAGE} (shared machine: figures vary)`);
  for (const [client, seed] of [['mysql', seedMariadb], ['pg', seedPostgres]] as const) {
    const url = await seed();
    await measure(client, url, false);
    await measure(client, url, true);
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
