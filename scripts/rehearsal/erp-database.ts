/**
 * The rehearsal's ERP: a generated Dolibarr-shaped database in MariaDB (the llx_* schema of
 * test/support/erp-fixture.ts, read by examples/erp/dolibarr-mariadb.json), large enough for its
 * sync to run through all four faults. Deterministic: the same size gives the same rows, and the
 * generator counts what each stream of the example config must load, so a sync can be checked
 * for exact counts as well as against the reference run.
 *
 * Its parties share nothing with the rehearsal's accounts files (other names, phones, e-mail
 * domains, cities, and tax ids the files do not have), so what the sync's match stage finds does
 * not depend on how far the concurrent import has got.
 */
import mysql from 'mysql2/promise';
import { erpSchemaSql } from '../../test/support/erp-fixture';

export interface ErpFacts {
  customers: number;
  invoices: number;
  /** What each stream of examples/erp/dolibarr-mariadb.json reads and must load (inserted + merged). */
  expected: Record<'accounts' | 'contacts' | 'invoices' | 'invoice_lines' | 'receivables' | 'orders' | 'order_lines' | 'shipments' | 'activities', number>;
  families: string[];
}

export const LINES_PER_INVOICE = 5;
const FAMILIES = ['chairs', 'tables', 'storage'];
const CITIES = [['Zaragoza', '50001'], ['Bilbao', '48001'], ['Murcia', '30001'], ['Valladolid', '47001'], ['Vigo', '36201'], ['Gijón', '33201']] as const;
const OWNERS = ['marta@crm.es', 'pere@crm.es', 'lucia@crm.es', 'ivan@crm.es'];
/** Every row's `tms` is T0 plus a second per row of its table, so an incremental look-back re-reads a few rows, not the table. */
const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);

/** A valid Spanish CIF (B + 7 digits + control digit) for customer n. */
export function cifFor(n: number): string {
  const digits = String(3_000_000 + n).padStart(7, '0');
  let sum = 0;
  for (let i = 0; i < 7; i++) {
    const d = Number(digits[i]);
    if (i % 2 === 1) sum += d;
    else { const x = d * 2; sum += Math.floor(x / 10) + (x % 10); }
  }
  return `B${digits}${(10 - (sum % 10)) % 10}`;
}

function ts(table: number, i: number): string {
  return new Date(T0 + table * 86_400_000 * 30 + i * 1000).toISOString().replace('T', ' ').replace('Z', '');
}
function day(i: number): string {
  return new Date(Date.UTC(2026, 0, 1) + (i % 330) * 86_400_000).toISOString().slice(0, 10);
}
function sqlValue(v: string | number | null): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return String(v);
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * Invoice kinds and states by number: every 20th a credit note, every 50th a deposit, every 100th
 * abandoned (cancelled), every 200th a draft (not read); 60 % of the rest paid, every 7th of the
 * unpaid ones half paid.
 */
function invoiceShape(i: number): { type: number; statut: number; paid: boolean; halfPaid: boolean } {
  const type = i % 20 === 0 ? 2 : i % 50 === 0 ? 3 : 0;
  const statut = i % 200 === 0 ? 0 : i % 100 === 0 ? 3 : 1;
  const paid = statut === 1 && i % 5 < 3;
  return { type, statut, paid, halfPaid: statut === 1 && !paid && i % 7 === 0 };
}

/** (Re)creates database `db` on the server at `adminUrl` (mysql://root@host:port) with `invoices` invoices. */
export async function createErpDatabase(adminUrl: string, db: string, invoices: number): Promise<ErpFacts> {
  if (!/^[a-z][a-z0-9_]*$/.test(db)) throw new Error(`bad database name ${db}`);
  const conn = await mysql.createConnection({ uri: adminUrl, multipleStatements: true });
  try {
    await conn.query(`DROP DATABASE IF EXISTS ${db}; CREATE DATABASE ${db} CHARACTER SET utf8mb4; USE ${db}`);
    await conn.query(erpSchemaSql('DOUBLE(24,8)', 'DATETIME(6)', 'INT AUTO_INCREMENT'));
    const insert = async (table: string, columns: string, rows: (string | number | null)[][]) => {
      for (let k = 0; k < rows.length; k += 2000) {
        const chunk = rows.slice(k, k + 2000).map((r) => `(${r.map(sqlValue).join(',')})`).join(',');
        await conn.query(`INSERT INTO ${table} (${columns}) VALUES ${chunk}`);
      }
    };
    const customers = Math.max(50, Math.round(invoices / 10));
    // Every 50th party is a prospect (client = 0): not read, and given no contact or document.
    const isCustomer = (c: number) => c % 50 !== 0;
    const customerIds: number[] = [];
    const soc: (string | number | null)[][] = [];
    const people: (string | number | null)[][] = [];
    for (let c = 1; c <= customers; c++) {
      const [town, zip] = CITIES[c % CITIES.length]!;
      soc.push([c, `Suministros Norte ${c} S.A.`, cifFor(c), `admin${c}@suministros-norte-${c}.es`, `93${2_000_000 + c}`, `Polígono Industrial ${c % 90 + 1}`, zip, town, 'ES', isCustomer(c) ? 1 : 0, ts(0, c)]);
      if (isCustomer(c)) {
        customerIds.push(c);
        people.push([c, c, `Nombre${c}`, `Apellido${c}`, `compras${c}@suministros-norte-${c}.es`, c % 3 === 0 ? 'Compras' : null, ts(1, c)]);
      }
    }
    await insert('llx_societe', 'rowid, nom, idprof1, email, phone, address, zip, town, fk_pays, client, tms', soc);
    await insert('llx_socpeople', 'rowid, fk_soc, firstname, lastname, email, poste, tms', people);

    const fac: (string | number | null)[][] = [];
    const det: (string | number | null)[][] = [];
    const pay: (string | number | null)[][] = [];
    let readInvoices = 0;
    let readLines = 0;
    let receivables = 0;
    for (let i = 1; i <= invoices; i++) {
      const s = invoiceShape(i);
      const soc = customerIds[i % customerIds.length]!;
      let net = 0;
      for (let l = 1; l <= LINES_PER_INVOICE; l++) {
        const qty = (i + l) % 9 + 1;
        const lineNet = qty * (10 + ((i * 7 + l * 13) % 190)) + ((i + l) % 100) / 100;
        net += lineNet;
        det.push([(i - 1) * LINES_PER_INVOICE + l, i, l, `SKU-${(i + l) % 400}`, (i + l) % 4 === 0 ? null : FAMILIES[(i + l) % FAMILIES.length]!, `Artículo ${(i + l) % 400}`, qty, 21, Math.round(lineNet * 100) / 100, ts(3, (i - 1) * LINES_PER_INVOICE + l)]);
      }
      net = Math.round(net * 100) / 100;
      const tax = Math.round(net * 21) / 100;
      const gross = Math.round((net + tax) * 100) / 100;
      const prefix = s.type === 2 ? 'AV' : s.type === 3 ? 'AC' : 'FA';
      fac.push([i, s.statut === 0 ? `(PROV${i})` : `${prefix}26-${String(i).padStart(6, '0')}`, soc, s.type, s.statut, s.paid ? 1 : 0, s.statut === 0 ? null : day(i), s.statut === 0 || s.type === 2 ? null : day(i + 30), net, tax, gross, 'EUR', ts(2, i)]);
      if (s.paid) pay.push([i, gross, ts(4, i)]);
      if (s.halfPaid) pay.push([i, Math.round(gross * 50) / 100, ts(4, i)]);
      if (s.statut > 0) { readInvoices++; readLines += LINES_PER_INVOICE; }
      if (s.statut === 1 && !s.paid && s.type !== 2) receivables++;
    }
    await insert('llx_facture', 'rowid, ref, fk_soc, type, fk_statut, paye, datef, date_lim_reglement, total_ht, total_tva, total_ttc, multicurrency_code, tms', fac);
    await insert('llx_facturedet', 'rowid, fk_facture, rang, fk_product, famille, description, qty, tva_tx, total_ht, tms', det);
    await insert('llx_paiement_facture', 'fk_facture, amount, datep', pay);

    const orders = Math.max(10, Math.round(invoices / 4));
    const com: (string | number | null)[][] = [];
    const comdet: (string | number | null)[][] = [];
    const exp: (string | number | null)[][] = [];
    const act: (string | number | null)[][] = [];
    let shipments = 0;
    for (let o = 1; o <= orders; o++) {
      const soc = customerIds[(o * 3) % customerIds.length]!;
      const l1 = (o % 5 + 1) * 25;
      const l2 = (o % 3 + 1) * 40.5;
      com.push([o, `CO26-${String(o).padStart(6, '0')}`, soc, o % 3 === 0 ? 'web' : 'sales', o % 4 + 1, `${day(o)} 10:00:00`, Math.round((l1 + l2) * 121) / 100, ts(5, o)]);
      comdet.push([2 * o - 1, o, 1, `SKU-${o % 400}`, o % 5 + 1, l1, ts(6, 2 * o - 1)], [2 * o, o, 2, `SKU-${(o + 7) % 400}`, o % 3 + 1, l2, ts(6, 2 * o)]);
      if (o % 5 !== 0) {
        shipments++;
        exp.push([shipments, `SH26-${String(o).padStart(6, '0')}`, o, soc, o % 2 ? 'SEUR' : 'MRW', `TRK${o}`, `${day(o + 1)} 08:00:00`, o % 3 ? `${day(o + 2)} 11:00:00` : null, ts(7, o)]);
      }
      act.push([o, soc, o % 2 ? 'AC_RDV' : 'AC_TEL', `${day(o)} 09:30:00`, o % 2 ? 'Visita' : 'Llamada', OWNERS[o % OWNERS.length]!, ts(8, o)]);
    }
    await insert('llx_commande', 'rowid, ref, fk_soc, source, fk_statut, date_commande, total_ttc, tms', com);
    await insert('llx_commandedet', 'rowid, fk_commande, rang, fk_product, qty, total_ht, tms', comdet);
    await insert('llx_expedition', 'rowid, ref, fk_commande, fk_soc, carrier, tracking_number, date_expedition, date_delivery, tms', exp);
    await insert('llx_actioncomm', 'rowid, fk_soc, code, datep, label, fk_user_author, tms', act);
    return {
      customers, invoices, families: FAMILIES,
      expected: {
        accounts: customerIds.length, contacts: people.length, invoices: readInvoices, invoice_lines: readLines, receivables,
        orders, order_lines: 2 * orders, shipments, activities: orders,
      },
    };
  } finally {
    await conn.end();
  }
}
