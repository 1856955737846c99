/** What a row parser needs to know about the file and the CRM, fixed once per import. */
import type { LocaleProfile } from '../normalize';
import type { LookupIndex } from './lookup-index';

export interface RowContext {
  profile: LocaleProfile;
  /** Country for phones and tax ids when the row has none (the source's or the profile's). */
  defaultCountry: string;
  lookups: LookupIndex;
  /** XLSX workbooks in the 1904 date system shift serial dates by 1462 days. */
  date1904: boolean;
}

/** A mapped cell: CSV gives strings, XLSX numbers and booleans; date cells arrive as ISO strings. */
export type MappedValue = string | number | boolean | null | undefined;
export type MappedFields = Record<string, MappedValue>;

export function asText(v: MappedValue): string | null {
  if (v === null || v === undefined) return null;
  const s = typeof v === 'string' ? v : String(v);
  const t = s.trim();
  return t === '' ? null : t;
}
