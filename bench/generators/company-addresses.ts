/**
 * A name + address company file: the company set's records (same companies, sources and
 * garbling) with only the name and the postal address kept, as in a mailing list or a delivery
 * export: no tax id, website, e-mail or phone to lean on. Namesakes in the same city, franchisees
 * and companies that moved are the hard cases.
 *
 * `record_id` ("E<entity>-<k>") is the ground truth, as in the company set; the mapping ignores it.
 */
import { companyRows, type CompanyRowsOptions } from './companies-rows';

export const COMPANY_ADDRESS_COLUMNS = ['record_id', 'name', 'street', 'postcode', 'city', 'country'] as const;
export type CompanyAddressRow = Record<(typeof COMPANY_ADDRESS_COLUMNS)[number], string>;

/** Seed and size of the name + address set used by `npm run bench:match` (another seed than the company set). */
export const COMPANY_ADDRESS_SET: CompanyRowsOptions = { records: 10_000, seed: 20261202 };

export function* companyAddressRows(opts: CompanyRowsOptions): Generator<CompanyAddressRow> {
  for (const r of companyRows(opts)) {
    yield { record_id: r.record_id, name: r.name, street: r.street, postcode: r.postcode, city: r.city, country: r.country };
  }
}
