/**
 * Survivorship rules, declared per field as data: which source wins each field of a CRM record.
 *
 * A rule applies to a group of fields that must come from one source together (a tax id and its
 * country; an address block), so a golden record never mixes one source's street with another's
 * postcode. Fields not listed here are not derived from sources: the CRM value stays.
 */
import { z } from 'zod';

export const SourceKind = z.enum(['erp', 'accounting', 'ecommerce', 'analytics', 'logistics', 'crm', 'spreadsheet']);
export type SourceKind = z.infer<typeof SourceKind>;

/** Trust for identity fields (legal name, tax id): the ledger-keeping systems first. */
export const SOURCE_PRIORITY: readonly SourceKind[] = ['erp', 'accounting', 'ecommerce', 'logistics', 'crm', 'spreadsheet', 'analytics'];

export type RuleKind =
  | 'priority' // source priority, then most recent non-empty
  | 'recent' // most recent non-empty
  | 'complete' // most non-empty fields, then the longest value, then most recent
  | 'union'; // every value any source gave, minus the record's primary values

export interface FieldRule {
  rule: RuleKind;
  fields: readonly string[];
  /** The group counts as non-empty when any of these is non-empty (default: any field). */
  presence?: readonly string[];
  /** union only: primary fields whose values are removed from the union. */
  minus?: readonly string[];
  /** union only: scalar fields of the sources whose values also feed the union. */
  alsoFrom?: readonly string[];
}

export type SurvivorshipEntity = 'accounts' | 'contacts';

export const ACCOUNT_RULES: readonly FieldRule[] = [
  { rule: 'priority', fields: ['name'] },
  { rule: 'priority', fields: ['legal_name'] },
  { rule: 'priority', fields: ['legal_form'] },
  { rule: 'priority', fields: ['tax_id', 'tax_id_country', 'tax_id_kind'], presence: ['tax_id'] },
  // A tax id that failed its checksum, as the most trusted source that gave one wrote it: a flag for
  // a person to fix, kept beside (never instead of) a valid tax id another source gave.
  { rule: 'priority', fields: ['tax_id_invalid'] },
  { rule: 'complete', fields: ['website', 'domain'] },
  { rule: 'recent', fields: ['email'] },
  { rule: 'recent', fields: ['phone'] },
  // The ledger's billing address is the legal one; a shop's address is often a delivery address
  // typed by the customer (the demo's shop export wrote "San Cristobal C/ Plata 12" without accents).
  { rule: 'priority', fields: ['street1', 'street2', 'postcode', 'city', 'region', 'country_code'], presence: ['street1', 'street2', 'postcode', 'city'] },
  { rule: 'recent', fields: ['relationship_type_code'] },
  { rule: 'recent', fields: ['category_code'] },
  { rule: 'recent', fields: ['industry_code'] },
  { rule: 'recent', fields: ['zone_code'] },
  { rule: 'recent', fields: ['status_tier_code'] },
  { rule: 'recent', fields: ['notes'] },
  { rule: 'union', fields: ['additional_emails'], minus: ['email'], alsoFrom: ['email'] },
  { rule: 'union', fields: ['additional_phones'], minus: ['phone'], alsoFrom: ['phone'] },
];

export const CONTACT_RULES: readonly FieldRule[] = [
  // First and last name from one source: "Ana" from one and "Pérez García" from another may be two people.
  { rule: 'priority', fields: ['first_name', 'last_name'] },
  { rule: 'priority', fields: ['national_id'] },
  { rule: 'priority', fields: ['birth_date'] },
  { rule: 'recent', fields: ['email'] },
  { rule: 'recent', fields: ['phone'] },
  { rule: 'recent', fields: ['mobile'] },
  { rule: 'recent', fields: ['street1', 'street2', 'postcode', 'city', 'region', 'country_code'], presence: ['street1', 'street2', 'postcode', 'city'] },
  { rule: 'recent', fields: ['job_title'] },
  { rule: 'recent', fields: ['role_code'] },
  { rule: 'recent', fields: ['department_code'] },
  { rule: 'recent', fields: ['email_opt_in', 'opt_in_date'], presence: ['email_opt_in'] },
  { rule: 'recent', fields: ['is_active'] },
  { rule: 'recent', fields: ['notes'] },
  { rule: 'union', fields: ['additional_emails'], minus: ['email'], alsoFrom: ['email'] },
  { rule: 'union', fields: ['additional_phones'], minus: ['phone', 'mobile'], alsoFrom: ['phone', 'mobile'] },
];

export const SURVIVORSHIP_RULES: Record<SurvivorshipEntity, readonly FieldRule[]> = {
  accounts: ACCOUNT_RULES,
  contacts: CONTACT_RULES,
};

/** Every field the rules derive, for one entity. */
export function survivingFields(entity: SurvivorshipEntity): string[] {
  return SURVIVORSHIP_RULES[entity].flatMap((r) => r.fields);
}
