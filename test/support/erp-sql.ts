/**
 * An ERP-shaped database (Dolibarr-like: llx_societe customers, llx_facture invoices with DOUBLE
 * totals, llx_facturedet lines, llx_paiement_facture payments, `tms` change timestamps) in a real
 * MariaDB and, with NUMERIC money, in a real PostgreSQL, for the SQL source tests. Each dialect
 * gets its own database, dropped and rebuilt per test file.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';

export const ERP_DB = 'crmhub_erp_sql_reader';
/** A user with a real password (SELECT only), for the auth and redaction tests. */
export const READER_USER = 'crmhub_erp_reader';
export const READER_PASSWORD = 'S3cret@pass%word';

const MARIADB_ADMIN = process.env.TEST_MARIADB_URL || 'mysql://root@127.0.0.1:3306';
const PG_ADMIN = process.env.TEST_PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432';

export interface ErpDatabase {
  client: 'mysql' | 'pg';
  /** URL of the ERP database as the admin user (no password locally). */
  url: string;
  /** URL as READER_USER with its password. */
  readerUrl: (password?: string) => string;
  exec(sql: string): Promise<void>;
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Ends every session of READER_USER / the reader's application on the ERP database, as a restart would. */
  killReaderSessions(): Promise<number>;
  close(): Promise<void>;
}

function withDb(base: string, db: string, user?: string, password?: string): string {
  const u = new URL(base);
  u.pathname = `/${db}`;
  if (user !== undefined) u.username = encodeURIComponent(user);
  if (password !== undefined) u.password = encodeURIComponent(password);
  return u.toString();
}

export async function mariadbErp(): Promise<ErpDatabase> {
  const admin = await mysql.createConnection({ uri: MARIADB_ADMIN, multipleStatements: true });
  await admin.query(`DROP DATABASE IF EXISTS ${ERP_DB}; CREATE DATABASE ${ERP_DB} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
  await admin.query(`CREATE USER IF NOT EXISTS '${READER_USER}'@'%' IDENTIFIED BY '${READER_PASSWORD}'; GRANT SELECT ON ${ERP_DB}.* TO '${READER_USER}'@'%'`);
  await admin.query(`CREATE USER IF NOT EXISTS '${READER_USER}'@'localhost' IDENTIFIED BY '${READER_PASSWORD}'; GRANT SELECT ON ${ERP_DB}.* TO '${READER_USER}'@'localhost'`);
  await admin.query(`USE ${ERP_DB}`);
  await admin.query(`
    CREATE TABLE llx_societe (
      rowid INT AUTO_INCREMENT PRIMARY KEY, nom VARCHAR(128) NOT NULL, idprof1 VARCHAR(32), email VARCHAR(128),
      client TINYINT NOT NULL DEFAULT 1, tms TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)
    );
    CREATE TABLE llx_facture (
      rowid INT AUTO_INCREMENT PRIMARY KEY, ref VARCHAR(30) NOT NULL, fk_soc INT NOT NULL, type SMALLINT NOT NULL DEFAULT 0,
      fk_statut SMALLINT NOT NULL DEFAULT 1, paye TINYINT NOT NULL DEFAULT 0, datef DATE, date_lim_reglement DATE,
      total_ht DOUBLE(24,8), total_tva DOUBLE(24,8), total_ttc DOUBLE(24,8), multicurrency_code VARCHAR(3) DEFAULT 'EUR', multicurrency_total_ttc DOUBLE,
      big_counter BIGINT UNSIGNED, tms DATETIME(6) NOT NULL
    );
    CREATE TABLE llx_facturedet (
      rowid INT AUTO_INCREMENT PRIMARY KEY, fk_facture INT NOT NULL, rang INT NOT NULL, description TEXT,
      qty DOUBLE, tva_tx DECIMAL(7,4), total_ht DOUBLE(24,8), tms DATETIME(6) NOT NULL
    );
    CREATE TABLE llx_paiement_facture (
      rowid INT AUTO_INCREMENT PRIMARY KEY, fk_facture INT NOT NULL, amount DECIMAL(24,8) NOT NULL, datep DATETIME NOT NULL
    );
    CREATE TABLE ext_codes (code VARCHAR(20) COLLATE utf8mb4_general_ci NOT NULL, label VARCHAR(20), tms DATETIME(6) NOT NULL);
  `);
  return {
    client: 'mysql',
    url: withDb(MARIADB_ADMIN, ERP_DB),
    readerUrl: (password = READER_PASSWORD) => withDb(MARIADB_ADMIN, ERP_DB, READER_USER, password),
    exec: async (sql) => { await admin.query(sql); },
    rows: async <T>(sql: string) => (await admin.query(sql))[0] as T[],
    killReaderSessions: async () => {
      const [rows] = await admin.query(`SELECT id FROM information_schema.processlist WHERE db = '${ERP_DB}' AND id <> CONNECTION_ID()`);
      for (const r of rows as { id: number }[]) await admin.query(`KILL ${Number(r.id)}`);
      return (rows as unknown[]).length;
    },
    close: async () => { await admin.end(); },
  };
}

export async function postgresErp(): Promise<ErpDatabase> {
  const server = new pg.Client({ connectionString: withDb(PG_ADMIN, 'postgres') });
  await server.connect();
  await server.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${ERP_DB}' AND pid <> pg_backend_pid()`);
  await server.query(`DROP DATABASE IF EXISTS ${ERP_DB}`);
  await server.query(`CREATE DATABASE ${ERP_DB} ENCODING 'UTF8' TEMPLATE template0`);
  await server.end();
  const admin = new pg.Client({ connectionString: withDb(PG_ADMIN, ERP_DB) });
  await admin.connect();
  await admin.query(`
    CREATE TABLE llx_societe (
      rowid serial PRIMARY KEY, nom varchar(128) NOT NULL, idprof1 varchar(32), email varchar(128),
      client smallint NOT NULL DEFAULT 1, tms timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE llx_facture (
      rowid serial PRIMARY KEY, ref varchar(30) NOT NULL, fk_soc int NOT NULL, type smallint NOT NULL DEFAULT 0,
      fk_statut smallint NOT NULL DEFAULT 1, paye smallint NOT NULL DEFAULT 0, datef date, date_lim_reglement date,
      total_ht numeric(24,8), total_tva numeric(24,8), total_ttc numeric(24,8), total_ttc_float double precision,
      multicurrency_code varchar(3) DEFAULT 'EUR', big_counter bigint, tms timestamp(6) NOT NULL
    );
    CREATE TABLE llx_facturedet (
      rowid serial PRIMARY KEY, fk_facture int NOT NULL, rang int NOT NULL, description text,
      qty double precision, tva_tx numeric(7,4), total_ht numeric(24,8), tms timestamp(6) NOT NULL
    );
    CREATE TABLE llx_paiement_facture (
      rowid serial PRIMARY KEY, fk_facture int NOT NULL, amount numeric(24,8) NOT NULL, datep timestamp NOT NULL
    );
    CREATE TABLE ext_codes (code varchar(20) NOT NULL, label varchar(20), tms timestamp(6) NOT NULL);
  `);
  return {
    client: 'pg',
    url: withDb(PG_ADMIN, ERP_DB),
    // Local PostgreSQL trusts every user: the auth tests use a role that does not exist.
    readerUrl: (password = READER_PASSWORD) => withDb(PG_ADMIN, ERP_DB, READER_USER, password),
    exec: async (sql) => { await admin.query(sql); },
    rows: async <T>(sql: string) => (await admin.query(sql)).rows as T[],
    killReaderSessions: async () => {
      const r = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${ERP_DB}' AND application_name = 'crmhub-sql-source'`);
      return r.rowCount ?? 0;
    },
    close: async () => { await admin.end(); },
  };
}
