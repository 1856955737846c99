/**
 * A generated accounts CSV with known answers, for tests and the rehearsal: every BAD_EVERY-th row
 * has an invalid e-mail (kept, with a warning), every DUP_EVERY-th row repeats the external id of
 * the row before it (collapsed into its twin). Distinct `series` make independent files.
 */
import { createWriteStream } from 'node:fs';

export const BAD_EVERY = 1000;
export const DUP_EVERY = 5000;

export interface AccountsFileFacts { rows: number; unique: number; bad: number; dup: number }

/** `series` (1–99) keeps files apart: its own ids, names, phones and e-mail domains. */
export async function writeAccountsFile(path: string, rows: number, series = 1): Promise<AccountsFileFacts> {
  if (!Number.isInteger(series) || series < 1 || series > 99 || rows >= 1_000_000) throw new Error('series 1-99, under a million rows');
  const prefix = `S${series}K`;
  const out = createWriteStream(path);
  out.write('Código;Razón social;Teléfono;Email;Población\n');
  let bad = 0;
  let dup = 0;
  for (let i = 1; i <= rows; i++) {
    const isDup = i % DUP_EVERY === 0;
    const isBad = !isDup && i % BAD_EVERY === 0;
    if (isDup) dup++;
    if (isBad) bad++;
    const id = isDup ? i - 1 : i;
    const phone = `6${String(series * 1_000_000 + i).padStart(8, '0')}`;
    const line = `${prefix}${id};Empresa ${prefix} ${id} S.L.;${phone};${isBad ? 'not-an-email' : `c${i}@empresa${prefix.toLowerCase()}${id}.es`};Madrid\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  return { rows, unique: rows - dup, bad, dup };
}

export function accountsMapping(source: string) {
  return {
    version: 1, entity: 'accounts', source, locale: 'es',
    columns: { 'Código': 'external_id', 'Razón social': 'name', 'Teléfono': 'phone', Email: 'email', 'Población': 'city' },
  };
}

/** The report an import of such a file into an empty source must give. */
export function expectedCounts(f: AccountsFileFacts) {
  return { read: f.rows, inserted: f.unique, updated: 0, unchanged: 0, merged: f.dup, rejected: 0, skipped: 0 };
}
