/**
 * A CSV of Spanish companies where every third one also comes as a second record (another code,
 * its name in capitals without the legal form's dots, same phone and city): fuzzy duplicates the
 * matcher finds by name, phone and city, never by an exact key.
 */
import { createWriteStream } from 'node:fs';

const CITIES = ['Madrid', 'Barcelona', 'Valencia', 'Sevilla', 'Zaragoza', 'Málaga', 'Bilbao', 'Murcia', 'Palma', 'Vigo'];

/** A pronounceable, distinct word per number, so names do not all share one block. */
export function word(i: number): string {
  const c = 'bcdfglmnprstvz';
  const v = 'aeiou';
  let s = '';
  let n = i;
  do {
    s += c[n % c.length]! + v[Math.floor(n / c.length) % v.length]!;
    n = Math.floor(n / (c.length * v.length));
  } while (n > 0);
  return s[0]!.toUpperCase() + s.slice(1);
}

export const TWIN_MAPPING = { version: 1, entity: 'accounts', locale: 'es', columns: { 'Código': 'external_id', 'Razón social': 'name', 'Teléfono': 'phone', 'Población': 'city' } };

/** Writes the file; returns its row count. */
export async function writeTwinCompanies(path: string, companies: number, twinEvery = 3): Promise<number> {
  const out = createWriteStream(path);
  out.write('Código;Razón social;Teléfono;Población\n');
  let rows = 0;
  const line = (s: string) => new Promise<void>((r) => (out.write(s) ? r() : out.once('drain', () => r())));
  for (let i = 1; i <= companies; i++) {
    const phone = `91${String(1000000 + i * 7).slice(-7)}`;
    const city = CITIES[i % CITIES.length]!;
    await line(`K${i};Comercial ${word(i)} ${word(i * 31 + 7)} S.L.;${phone};${city}\n`);
    rows++;
    if (i % twinEvery === 0) {
      await line(`T${i};COMERCIAL ${word(i).toUpperCase()} ${word(i * 31 + 7).toUpperCase()} SL;${phone};${city}\n`);
      rows++;
    }
  }
  await new Promise<void>((r) => out.end(() => r()));
  return rows;
}
