/**
 * A names-only company file, like a customer list exported with one column: the same company
 * written identically many times (each order repeats the name the ERP holds), plus the spellings
 * other people typed (case, accents, legal form or not, another legal-form spelling, a typo, an
 * abbreviation, Latin or Cyrillic). The companies are those of the company set (companies-entity),
 * with its hard negatives: namesakes and franchisees are different companies with the same name,
 * and a few companies carry a generic name ("Servicios Integrales") that unrelated firms share.
 *
 * `record_id` ("E<entity>-<k>") is the ground truth, as in the company set; the mapping ignores it.
 */
import { chance, mixSeed, pick, rowRng, weighted } from './prng';
import { companyEntity, type CompanyEntity } from './companies-entity';
import { companyRecordId, renderName, type CompanySource } from './companies-rows';
import type { CompanyLang, Spelled } from './companies-vocab';

export const COMPANY_NAMES_COLUMNS = ['record_id', 'name'] as const;
export type CompanyNameRow = Record<(typeof COMPANY_NAMES_COLUMNS)[number], string>;

export interface CompanyNamesOptions {
  /** Total records; the last company is cut short if needed. */
  records: number;
  seed: number;
}

/** Seed and size of the names-only set used by `npm run bench:match`. */
export const COMPANY_NAMES_SET: CompanyNamesOptions = { records: 5_000, seed: 20261201 };

/** Names that say what a firm does, not which firm it is: unrelated companies share them. */
export const GENERIC_NAMES: Record<CompanyLang, readonly Spelled[]> = {
  es: [['Servicios Integrales'], ['Construcciones y Reformas'], ['Transportes Urgentes'], ['Limpiezas Generales'], ['Reformas Integrales'], ['Instalaciones Eléctricas']],
  ca: [['Serveis Integrals'], ['Construccions i Reformes'], ['Transports Urgents'], ['Neteges Generals']],
  it: [['Servizi Integrati'], ['Costruzioni Edili'], ['Trasporti Veloci'], ['Impianti Elettrici']],
  pl: [['Usługi Remontowe'], ['Transport Krajowy'], ['Budownictwo Ogólne'], ['Instalacje Elektryczne']],
  ru: [['Стройсервис', 'Stroyservis'], ['Автосервис', 'Avtoservis'], ['Торговый дом', 'Torgovyy dom'], ['Стройматериалы', 'Stroymaterialy']],
};
export const GENERIC_RATE = 0.04;
/** Records per company: heavier than the company set's 1–5, a customer appears once per order. */
export const NAMES_RECORD_WEIGHTS = [[1, 30], [2, 20], [3, 14], [4, 10], [5, 8], [6, 6], [8, 5], [10, 4], [14, 2], [20, 1]] as const;
/** Share of a company's records that repeat its house spelling exactly. */
export const HOUSE_SPELLING_SHARE = 0.65;

const T_COUNT = 0x4a3e;
const T_GENERIC = 0x9e4e;
const T_HOUSE = 0x40a5;
const T_RECORD = 0x4ec1;

export function namesRecordCountOf(seed: number, i: number): number {
  return weighted(rowRng(mixSeed(seed, T_COUNT), i), NAMES_RECORD_WEIGHTS);
}

/** Company i of the names-only set: the company set's entity, or, for a few regular ones, a generic name. */
export function companyNamesEntity(seed: number, i: number): CompanyEntity & { generic: boolean } {
  const e = companyEntity(seed, i);
  const rng = rowRng(mixSeed(seed, T_GENERIC), i);
  if (e.kind !== 'regular' || !chance(rng, GENERIC_RATE)) return { ...e, generic: false };
  return { ...e, name: pick(rng, GENERIC_NAMES[e.lang]), nameEs: null, generic: true };
}

function houseSpelling(seed: number, e: CompanyEntity): string {
  return renderName(e, 'erp', rowRng(mixSeed(seed, T_HOUSE), e.index));
}

/** Record k of company e: its house spelling, or another spelling from a shop or a spreadsheet. */
export function companyNameRecord(seed: number, e: CompanyEntity, k: number, house = houseSpelling(seed, e)): CompanyNameRow {
  const rng = rowRng(mixSeed(seed, T_RECORD), e.index * 32 + k);
  const src: CompanySource = pick(rng, ['erp', 'shop', 'shop', 'spreadsheet', 'spreadsheet'] as const);
  return { record_id: companyRecordId(e.index, k), name: k === 0 || chance(rng, HOUSE_SPELLING_SHARE) ? house : renderName(e, src, rng) };
}

/**
 * Yields exactly `records` rows, in passes over the companies (every company's first record,
 * then every second record …) so that one company's records are far apart in the file.
 */
export function* companyNameRows(opts: CompanyNamesOptions): Generator<CompanyNameRow> {
  const counts: number[] = [];
  let total = 0;
  while (total < opts.records) {
    const n = Math.min(namesRecordCountOf(opts.seed, counts.length), opts.records - total);
    counts.push(n);
    total += n;
  }
  const maxCount = Math.max(0, ...counts);
  for (let k = 0; k < maxCount; k++) {
    for (let i = 0; i < counts.length; i++) {
      if (k >= (counts[i] as number)) continue;
      const e = companyNamesEntity(opts.seed, i);
      yield companyNameRecord(opts.seed, e, k);
    }
  }
}
