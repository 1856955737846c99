/**
 * Records with little to match on, counted so a user knows why they stayed alone:
 * - too few fields to match: no value any blocking rule can use (accounts: no name, tax id,
 *   e-mail, phone or domain; a city or a legal form alone is no key; contacts: no e-mail, phone
 *   or national id, and none of the name, birth date, postcode and address combinations the
 *   contact rules use), so no other record is ever compared with it;
 * - name only: a name and nothing that identifies or places the record (accounts: no tax id,
 *   domain, e-mail, phone, street, postcode or city; contacts: no birth date, national id,
 *   e-mail, phone, street, postcode or city). Legal form, country and region do not count. Such
 *   a record matches on its name alone: for review when another record has the same name and
 *   nothing contradicts it, automatically only when the name is rare (the name rule).
 */
import { blockingKeys } from './blocking';
import type { MatchEntity, MatchRecord } from './match-record';

export interface SparseRecords {
  tooFewFields: number;
  nameOnly: number;
}

export function hasTooFewFields(entity: MatchEntity, r: MatchRecord): boolean {
  return blockingKeys(entity, r).length === 0;
}

export function isNameOnly(r: MatchRecord): boolean {
  const placed = r.emails.length > 0 || r.phones.length > 0 || r.street !== null || r.postcode !== null || r.city !== null;
  if (r.e === 'accounts') return r.name !== null && !placed && r.tax === null && r.domain === null;
  return (r.first !== null || r.last !== null) && !placed && r.dob === null && r.nid === null;
}

/** `withoutKeys`: the records blocking found no key for (candidatePairs counts them). */
export function sparseRecords(records: readonly MatchRecord[], withoutKeys: number): SparseRecords {
  let nameOnly = 0;
  for (const r of records) if (isNameOnly(r)) nameOnly++;
  return { tooFewFields: withoutKeys, nameOnly };
}
