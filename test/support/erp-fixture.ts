/**
 * A small ERP shaped like Dolibarr (llx_* tables: customers, contacts, invoices with DOUBLE totals,
 * their lines, payments, orders with lines, shipments, calls and visits), in a real MariaDB or
 * PostgreSQL database, with the crmhub source config that reads it (examples/erp/*.json). The
 * expected figures of the seed are written next to it so the tests can check exact counts and sums.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';

export interface Erp {
  client: 'mysql' | 'pg';
  url: string;
  exec(sql: string): Promise<void>;
  killSessions(): Promise<void>;
  close(): Promise<void>;
}

/** The llx_* tables, in MariaDB (`DOUBLE(24,8)`, `DATETIME(6)`, `INT AUTO_INCREMENT`) or PostgreSQL types; also the rehearsal's ERP. */
export const erpSchemaSql = (money: string, ts: string, auto: string) => `
  CREATE TABLE llx_societe (rowid ${auto} PRIMARY KEY, nom VARCHAR(128) NOT NULL, idprof1 VARCHAR(32), email VARCHAR(128), phone VARCHAR(32),
    address VARCHAR(255), zip VARCHAR(16), town VARCHAR(64), fk_pays VARCHAR(2), client SMALLINT NOT NULL DEFAULT 1, tms ${ts} NOT NULL);
  CREATE TABLE llx_socpeople (rowid ${auto} PRIMARY KEY, fk_soc INT, firstname VARCHAR(64), lastname VARCHAR(64), email VARCHAR(128), poste VARCHAR(64), tms ${ts} NOT NULL);
  CREATE TABLE llx_facture (rowid ${auto} PRIMARY KEY, ref VARCHAR(30) NOT NULL, fk_soc INT NOT NULL, type SMALLINT NOT NULL DEFAULT 0,
    fk_statut SMALLINT NOT NULL DEFAULT 1, paye SMALLINT NOT NULL DEFAULT 0, datef DATE, date_lim_reglement DATE,
    total_ht ${money}, total_tva ${money}, total_ttc ${money}, multicurrency_code VARCHAR(3) DEFAULT 'EUR', tms ${ts} NOT NULL);
  CREATE TABLE llx_facturedet (rowid ${auto} PRIMARY KEY, fk_facture INT NOT NULL, rang INT NOT NULL, fk_product VARCHAR(32), famille VARCHAR(32), description TEXT,
    qty ${money}, tva_tx DECIMAL(7,4), total_ht ${money}, tms ${ts} NOT NULL);
  CREATE TABLE llx_paiement_facture (rowid ${auto} PRIMARY KEY, fk_facture INT NOT NULL, amount DECIMAL(24,8) NOT NULL, datep ${ts} NOT NULL);
  CREATE TABLE llx_commande (rowid ${auto} PRIMARY KEY, ref VARCHAR(30) NOT NULL, fk_soc INT NOT NULL, source VARCHAR(16) NOT NULL, fk_statut SMALLINT NOT NULL,
    date_commande ${ts} NOT NULL, total_ttc ${money}, tms ${ts} NOT NULL);
  CREATE TABLE llx_commandedet (rowid ${auto} PRIMARY KEY, fk_commande INT NOT NULL, rang INT NOT NULL, fk_product VARCHAR(32), qty ${money}, total_ht ${money}, tms ${ts} NOT NULL);
  CREATE TABLE llx_expedition (rowid ${auto} PRIMARY KEY, ref VARCHAR(30) NOT NULL, fk_commande INT, fk_soc INT NOT NULL, carrier VARCHAR(32), tracking_number VARCHAR(64),
    date_expedition ${ts}, date_delivery ${ts}, tms ${ts} NOT NULL);
  CREATE TABLE llx_actioncomm (rowid ${auto} PRIMARY KEY, fk_soc INT NOT NULL, code VARCHAR(16) NOT NULL, datep ${ts} NOT NULL, label VARCHAR(128), fk_user_author VARCHAR(64), tms ${ts} NOT NULL);
`;

const T0 = '2026-11-01 09:00:00';
/** Seed: 5 customers (one a prospect, client=0), 3 contacts, 7 documents (5 invoices incl. a draft and an abandoned one, a credit note, a deposit), payments, 2 orders, 2 shipments, 3 activities. */
const SEED = `
  INSERT INTO llx_societe (rowid, nom, idprof1, email, phone, address, zip, town, fk_pays, client, tms) VALUES
    (1, 'Distribuciones Pérez, S.L.', 'B12345674', 'info@perez.es', '912 345 678', 'Calle Mayor 12', '28013', 'Madrid', 'ES', 1, '${T0}'),
    (2, 'Talleres García S.A.', 'A58818501', 'taller@garcia.es', '931 234 567', 'Carrer de Mallorca 200', '08036', 'Barcelona', 'ES', 1, '${T0}'),
    (3, 'Construccions Puig i Fills, S.L.', 'B63617229', NULL, '972 112 233', 'Av. Jaume I 5', '17001', 'Girona', 'ES', 1, '${T0}'),
    (4, 'Frutas Levante SL', NULL, 'frutas@levante.es', '961 234 567', 'Av. del Puerto 3', '46021', 'Valencia', 'ES', 1, '${T0}'),
    (5, 'Prospecto Nuevo SL', NULL, NULL, NULL, NULL, NULL, 'Sevilla', 'ES', 0, '${T0}');
  INSERT INTO llx_socpeople (rowid, fk_soc, firstname, lastname, email, poste, tms) VALUES
    (1, 1, 'Ana', 'Pérez', 'ana@perez.es', 'Gerente', '${T0}'),
    (2, 2, 'Jordi', 'García', 'jordi@garcia.es', 'Compras', '${T0}'),
    (3, 4, 'Lucía', 'Martí', 'lucia@levante.es', NULL, '${T0}');
  INSERT INTO llx_facture (rowid, ref, fk_soc, type, fk_statut, paye, datef, date_lim_reglement, total_ht, total_tva, total_ttc, tms) VALUES
    (1, 'FA2610-0001', 1, 0, 2, 1, '2026-10-01', '2026-10-31', 1000.00, 210.00, 1210.00, '${T0}'),
    (2, 'FA2610-0002', 1, 0, 1, 0, '2026-10-15', '2026-11-14', 500.10, 105.02, 605.12, '${T0}'),
    (3, 'FA2610-0003', 2, 0, 1, 0, '2026-10-20', '2026-08-20', 2000.00, 420.00, 2420.00, '${T0}'),
    (4, 'AV2610-0001', 1, 2, 1, 0, '2026-10-25', NULL, 100.00, 21.00, 121.00, '${T0}'),
    (5, 'FA2610-0004', 3, 3, 1, 0, '2026-10-28', '2026-11-28', 300.00, 63.00, 363.00, '${T0}'),
    (6, '(PROV6)', 4, 0, 0, 0, NULL, NULL, 99.00, 20.79, 119.79, '${T0}'),
    (7, 'FA2610-0005', 4, 0, 3, 0, '2026-10-29', '2026-11-29', 50.00, 10.50, 60.50, '${T0}');
  INSERT INTO llx_facturedet (fk_facture, rang, fk_product, famille, description, qty, tva_tx, total_ht, tms) VALUES
    (1, 1, 'SKU-1', 'chairs', 'Silla', 4, 21, 600.00, '${T0}'),
    (1, 2, 'SKU-2', NULL, 'Mesa', 1, 21, 400.00, '${T0}'),
    (2, 1, 'SKU-1', 'chairs', 'Silla', 3, 21, 500.10, '${T0}'),
    (3, 1, 'SKU-3', NULL, 'Armario', 2, 21, 2000.00, '${T0}'),
    (4, 1, 'SKU-1', 'chairs', 'Abono silla', 1, 21, 100.00, '${T0}'),
    (5, 1, NULL, NULL, 'Anticipo', 1, 21, 300.00, '${T0}'),
    (6, 1, 'SKU-9', NULL, 'Borrador', 1, 21, 99.00, '${T0}'),
    (7, 1, 'SKU-2', NULL, 'Mesa', 1, 21, 50.00, '${T0}');
  INSERT INTO llx_paiement_facture (fk_facture, amount, datep) VALUES (1, 1210.00, '${T0}'), (3, 1000.00, '${T0}');
  INSERT INTO llx_commande (rowid, ref, fk_soc, source, fk_statut, date_commande, total_ttc, tms) VALUES
    (1, 'CO2610-0001', 1, 'web', 1, '2026-10-02 10:00:00', 726.00, '${T0}'),
    (2, 'CO2610-0002', 2, 'sales', 2, '2026-10-21 12:30:00', 2420.00, '${T0}');
  INSERT INTO llx_commandedet (fk_commande, rang, fk_product, qty, total_ht, tms) VALUES
    (1, 1, 'SKU-1', 4, 600.00, '${T0}'), (2, 1, 'SKU-3', 2, 2000.00, '${T0}');
  INSERT INTO llx_expedition (rowid, ref, fk_commande, fk_soc, carrier, tracking_number, date_expedition, date_delivery, tms) VALUES
    (1, 'SH2610-0001', 1, 1, 'SEUR', 'SEUR123', '2026-10-03 08:00:00', '2026-10-04 11:00:00', '${T0}'),
    (2, 'SH2610-0002', 2, 2, 'MRW', 'MRW999', '2026-10-22 08:00:00', NULL, '${T0}');
  INSERT INTO llx_actioncomm (fk_soc, code, datep, label, fk_user_author, tms) VALUES
    (1, 'AC_RDV', '2026-10-05 10:00:00', 'Visita', 'marta@crm.es', '${T0}'),
    (1, 'AC_TEL', '2026-10-06 10:00:00', 'Llamada', 'marta@crm.es', '${T0}'),
    (2, 'AC_RDV', '2026-10-07 10:00:00', 'Visita', 'pere@crm.es', '${T0}');
`;

/** What the seed gives crmhub (drafts and prospects are not read; the abandoned invoice is `cancelled`). */
export const SEED_EXPECTED = {
  accounts: 4, contacts: 3, invoices: 6, invoiceLines: 7, receivables: 3, orders: 2, orderLines: 2, shipments: 2, activities: 3,
  /** sum(total_gross_minor) of invoices that are not cancelled: 1210 + 605.12 + 2420 − 121 + 363. */
  turnoverMinor: 447712,
  /** Open debts: invoice 2 (605.12), invoice 3 (2420 − 1000), the deposit 5 (363). */
  openDueMinor: 60512 + 142000 + 36300,
};

export async function mariadbErp(db = 'crmhub_erp_fixture'): Promise<Erp> {
  const adminUrl = process.env.TEST_MARIADB_URL || 'mysql://root@127.0.0.1:3306';
  const admin = await mysql.createConnection({ uri: adminUrl, multipleStatements: true });
  await admin.query(`DROP DATABASE IF EXISTS ${db}; CREATE DATABASE ${db} CHARACTER SET utf8mb4; USE ${db}`);
  await admin.query(erpSchemaSql('DOUBLE(24,8)', 'DATETIME(6)', 'INT AUTO_INCREMENT'));
  await admin.query(SEED);
  return {
    client: 'mysql',
    url: `${adminUrl}/${db}`,
    exec: async (sql) => { await admin.query(sql); },
    killSessions: async () => {
      const [rows] = await admin.query(`SELECT id FROM information_schema.processlist WHERE db = '${db}' AND id <> CONNECTION_ID()`);
      for (const r of rows as { id: number }[]) await admin.query(`KILL ${Number(r.id)}`).catch(() => undefined);
    },
    close: async () => { await admin.end(); },
  };
}

export async function postgresErp(db = 'crmhub_erp_fixture'): Promise<Erp> {
  const base = process.env.TEST_PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432';
  const server = new pg.Client({ connectionString: `${base}/postgres` });
  await server.connect();
  await server.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db}' AND pid <> pg_backend_pid()`);
  await server.query(`DROP DATABASE IF EXISTS ${db}`);
  await server.query(`CREATE DATABASE ${db}`);
  await server.end();
  const admin = new pg.Client({ connectionString: `${base}/${db}` });
  await admin.connect();
  await admin.query(erpSchemaSql('NUMERIC(24,8)', 'TIMESTAMP(6)', 'SERIAL'));
  await admin.query(SEED);
  for (const t of ['llx_societe', 'llx_socpeople', 'llx_facture', 'llx_facturedet', 'llx_paiement_facture', 'llx_commande', 'llx_commandedet', 'llx_expedition', 'llx_actioncomm']) {
    await admin.query(`SELECT setval(pg_get_serial_sequence('${t}', 'rowid'), (SELECT coalesce(max(rowid), 1) FROM ${t}))`);
  }
  return {
    client: 'pg',
    url: `${base}/${db}`,
    exec: async (sql) => { await admin.query(sql); },
    killSessions: async () => { await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db}' AND pid <> pg_backend_pid()`); },
    close: async () => { await admin.end(); },
  };
}

/** A reader user with a password, for the bad-password test (MariaDB only: the local PostgreSQL trusts everyone). */
export async function mariadbReader(db = 'crmhub_erp_fixture', password = 'Erp-s3cret%pw'): Promise<{ url: (pw?: string) => string }> {
  const adminUrl = process.env.TEST_MARIADB_URL || 'mysql://root@127.0.0.1:3306';
  const admin = await mysql.createConnection({ uri: adminUrl, multipleStatements: true });
  await admin.query(`CREATE USER IF NOT EXISTS 'crmhub_fixture_reader'@'%' IDENTIFIED BY '${password}'; ALTER USER 'crmhub_fixture_reader'@'%' IDENTIFIED BY '${password}'; GRANT SELECT ON ${db}.* TO 'crmhub_fixture_reader'@'%';
    CREATE USER IF NOT EXISTS 'crmhub_fixture_reader'@'localhost' IDENTIFIED BY '${password}'; ALTER USER 'crmhub_fixture_reader'@'localhost' IDENTIFIED BY '${password}'; GRANT SELECT ON ${db}.* TO 'crmhub_fixture_reader'@'localhost'`);
  await admin.end();
  const u = new URL(adminUrl);
  return { url: (pw = password) => `mysql://crmhub_fixture_reader:${encodeURIComponent(pw)}@${u.host}/${db}` };
}
