/**
 * B of the sync benches (bench:sync, `bench:scale -- --sync`): an ERP's invoice lines, read by the
 * query the sync runs, piped from the mariadb client straight into psql's COPY into an UNLOGGED
 * all-text table. What a hand-written one-off transfer costs, without crmhub.
 */
import { psql } from './bench-process';
import { erpSourceConfig } from './generators/erp-mariadb';

/** A word for bash, in single quotes. */
const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Recreates the baseline's table: ten text columns, as many as the invoice-lines query selects. */
export function baselineTableSql(table: string): string {
  return `SET client_min_messages TO warning; DROP TABLE IF EXISTS ${table}; CREATE UNLOGGED TABLE ${table} (${Array.from({ length: 10 }, (_, i) => `c${i} text`).join(', ')})`;
}

/**
 * The bash pipeline `mariadb … | psql \copy <table>`, `set -o pipefail`. `timeFiles`: each side
 * under GNU time, which writes its peak RSS (kB), user and system seconds to its own file.
 */
export function baselinePipeline(o: { mariadbUrl: string; database: string; pgUrl: string; table: string; timeFiles?: { mariadb: string; psql: string } }): string {
  const query = (erpSourceConfig('X', { streams: ['invoice_lines'] }).streams.invoice_lines as { query: string }).query;
  const u = new URL(o.mariadbUrl);
  const mariadb = ['--batch', '--quick', '--skip-column-names', `-h${u.hostname}`, `-P${u.port || '3306'}`, `-u${decodeURIComponent(u.username || 'root')}`,
    ...(u.password ? [`-p${decodeURIComponent(u.password)}`] : []), o.database, '-e', query];
  const timed = (side: 'mariadb' | 'psql') => (o.timeFiles ? `/usr/bin/time -f '%M %U %S' -o ${o.timeFiles[side]} ` : '');
  return `set -o pipefail; ${timed('mariadb')}mariadb ${mariadb.map(shellQuote).join(' ')} | `
    + `${timed('psql')}psql ${shellQuote(o.pgUrl)} -v ON_ERROR_STOP=1 -qc ${shellQuote(`\\copy ${o.table} FROM STDIN WITH (FORMAT text, NULL 'NULL')`)}`;
}

/** Throws unless the baseline copied every line of the source. */
export function checkCopied(pgUrl: string, table: string, expected: number, what: string): void {
  const copied = Number(psql(pgUrl, `SELECT count(*) FROM ${table}`).trim());
  if (copied !== expected) throw new Error(`baseline copied ${copied} lines of ${what}, expected ${expected}`);
}
