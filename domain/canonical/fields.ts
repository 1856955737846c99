/**
 * The canonical fields a source column can be mapped to, per target entity.
 *
 * This list is the contract between mappings (`mappings/`, `domain/mapping/`), the row
 * validators (`domain/canonical/*-row.ts`) and the upsert SQL (`activities/pipeline/targets/`).
 * `kind` says how the raw cell is parsed; `lookup` names the lookup table a value is resolved
 * against (by code, label or synonym).
 */
import { TARGET_ENTITIES, type TargetEntity } from './entity-names';
import { factFieldSpecs } from './fact-row';
import { ACTIVITY_SPEC, ORDER_LINE_SPEC, ORDER_SPEC, RECEIVABLE_SPEC, SHIPMENT_SPEC, SITE_VISIT_SPEC } from './fact-specs';
import { INVOICE_LINE_FIELDS } from './invoice-line-row';
import { INVOICE_FIELDS } from './invoice-row';

export type FieldKind =
  | 'id' // external id in the source: trimmed text
  | 'text'
  | 'company_name' // legal form is split off into legal_form
  | 'person_name'
  | 'tax_id'
  | 'email'
  | 'emails' // one or more, separated by , ; or whitespace
  | 'phone'
  | 'url'
  | 'country'
  | 'postcode'
  | 'lookup'
  | 'user' // account manager: an email or a name
  | 'boolean'
  | 'date'
  | 'money';

export interface FieldSpec {
  kind: FieldKind;
  description: string;
  lookup?: LookupTable;
}

export const LOOKUP_TABLES = [
  'contact_roles',
  'departments',
  'relationship_types',
  'industries',
  'zones',
  'account_categories',
  'product_families',
  'status_tiers',
] as const;
export type LookupTable = (typeof LOOKUP_TABLES)[number];

export const ACCOUNT_FIELDS = {
  external_id: { kind: 'id', description: "The record's id in the source system (customer code)." },
  name: { kind: 'company_name', description: 'Company or customer name; a legal form suffix is split off into legal_form.' },
  legal_form: { kind: 'text', description: 'Legal form (S.L., S.p.A., Sp. z o.o., ООО, GmbH …) when given in its own column.' },
  tax_id: { kind: 'tax_id', description: 'VAT / tax id (NIF, CIF, NIE, Partita IVA, Codice Fiscale, NIP, REGON, ИНН, EU VAT).' },
  website: { kind: 'url', description: 'Web site; its registrable domain is derived.' },
  email: { kind: 'email', description: 'Main e-mail address.' },
  phone: { kind: 'phone', description: 'Main phone number.' },
  mobile: { kind: 'phone', description: 'Mobile phone number (kept as an additional phone).' },
  fax: { kind: 'phone', description: 'Fax (kept as an additional phone).' },
  street1: { kind: 'text', description: 'Street address, line 1.' },
  street2: { kind: 'text', description: 'Street address, line 2.' },
  postcode: { kind: 'postcode', description: 'Postal code (leading zeros kept).' },
  city: { kind: 'text', description: 'City or town.' },
  region: { kind: 'text', description: 'Province, region, voivodeship, oblast.' },
  country_code: { kind: 'country', description: 'Country: ISO 3166 alpha-2 code or a country name in a supported language.' },
  relationship_type: { kind: 'lookup', lookup: 'relationship_types', description: 'client, prospect, target, non_client, other.' },
  category: { kind: 'lookup', lookup: 'account_categories', description: 'Account category (A/B/C).' },
  industry: { kind: 'lookup', lookup: 'industries', description: 'Industry / sector.' },
  zone: { kind: 'lookup', lookup: 'zones', description: 'Sales zone.' },
  status_tier: { kind: 'lookup', lookup: 'status_tiers', description: 'silver / gold / platinum.' },
  account_manager: { kind: 'user', description: 'Account manager: e-mail or full name of a CRM user.' },
  parent_external_id: { kind: 'id', description: "External id (same source) of the parent account." },
  notes: { kind: 'text', description: 'Free-text notes.' },
} as const satisfies Record<string, FieldSpec>;

export const CONTACT_FIELDS = {
  external_id: { kind: 'id', description: "The contact's id in the source system." },
  first_name: { kind: 'person_name', description: 'Given name.' },
  last_name: { kind: 'person_name', description: 'Family name(s).' },
  full_name: { kind: 'person_name', description: 'Whole name in one column; split into first and last name when those are not mapped.' },
  job_title: { kind: 'text', description: 'Job title as written (free text).' },
  role: { kind: 'lookup', lookup: 'contact_roles', description: 'decision_maker, influencer, non_decision_maker.' },
  department: { kind: 'lookup', lookup: 'departments', description: 'Department.' },
  email: { kind: 'email', description: 'Primary e-mail.' },
  additional_emails: { kind: 'emails', description: 'Further e-mails (list).' },
  phone: { kind: 'phone', description: 'Primary phone.' },
  mobile: { kind: 'phone', description: 'Mobile phone.' },
  email_opt_in: { kind: 'boolean', description: 'Consent to marketing e-mail (yes/no, sí/no, tak/nie, да/нет …).' },
  opt_in_date: { kind: 'date', description: 'Date the consent was given.' },
  is_active: { kind: 'boolean', description: 'False once the person has left the company.' },
  account_external_id: { kind: 'id', description: "External id (same source) of the contact's account." },
  account_tax_id: { kind: 'tax_id', description: "Tax id of the contact's account." },
  account_name: { kind: 'company_name', description: "Name of the contact's account (informational; not used to match)." },
  country_code: { kind: 'country', description: 'Country of the contact (default country for the phone numbers).' },
  street1: { kind: 'text', description: 'Postal address, line 1 (street and house number; several columns are joined).' },
  street2: { kind: 'text', description: 'Postal address, line 2.' },
  postcode: { kind: 'postcode', description: 'Postal code (leading zeros kept).' },
  city: { kind: 'text', description: 'City or town.' },
  region: { kind: 'text', description: 'Province, region, state.' },
  birth_date: { kind: 'date', description: 'Date of birth (a strong signal when matching people).' },
  national_id: { kind: 'text', description: 'Personal id number (DNI/NIE, PESEL, codice fiscale, SNILS, social security number): compared, never shown in lists.' },
  notes: { kind: 'text', description: 'Free-text notes.' },
} as const satisfies Record<string, FieldSpec>;

/**
 * Every entity a mapping, a connector stream or an import may target: parties, then facts (their
 * fields are declared beside their row schemas). The pipeline's registry
 * (activities/pipeline/targets) has one entry per name here; a unit test holds them together.
 */
export const ENTITY_FIELDS = {
  accounts: ACCOUNT_FIELDS,
  contacts: CONTACT_FIELDS,
  invoices: INVOICE_FIELDS,
  invoice_lines: INVOICE_LINE_FIELDS,
  receivables: factFieldSpecs(RECEIVABLE_SPEC),
  orders: factFieldSpecs(ORDER_SPEC),
  order_lines: factFieldSpecs(ORDER_LINE_SPEC),
  shipments: factFieldSpecs(SHIPMENT_SPEC),
  activities: factFieldSpecs(ACTIVITY_SPEC),
  site_visits: factFieldSpecs(SITE_VISIT_SPEC),
} as const satisfies Record<TargetEntity, Record<string, FieldSpec>>;
export { TARGET_ENTITIES, type TargetEntity };

/** Accounts and contacts: the parties, which are matched and merged (facts are not). */
export const PARTY_ENTITIES = ['accounts', 'contacts'] as const satisfies readonly TargetEntity[];
export type PartyEntity = (typeof PARTY_ENTITIES)[number];
export type AccountField = keyof typeof ACCOUNT_FIELDS;
export type ContactField = keyof typeof CONTACT_FIELDS;
export type CanonicalField = AccountField | ContactField | (string & {});
