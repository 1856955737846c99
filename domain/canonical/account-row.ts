/**
 * Mapped account row → canonical `AccountRecord`.
 *
 * A zod schema built once per import (it closes over the locale profile and the lookups);
 * `safeParse` per row; a failure is a list of issues that goes to quarantine, never an exception.
 * The row's country (or the source's default) decides how phones and tax ids are read, so it is
 * parsed first and handed to those fields through `scope`.
 */
import { z } from 'zod';
import { foldText, isFreeMailDomain, splitLegalForm, emailDomain } from '../normalize';
import {
  countryField, emailField, idField, lookupField, phoneField, postcodeField, taxIdField, textField, websiteField,
} from './field-parsers';
import type { MappedFields, RowContext } from './row-context';

export const AccountRecord = z.strictObject({
  external_id: z.string().min(1),
  name: z.string().min(1),
  legal_name: z.string().nullable(),
  legal_form: z.string().nullable(),
  tax_id: z.string().nullable(),
  tax_id_country: z.string().length(2).nullable(),
  tax_id_kind: z.string().nullable(),
  website: z.string().nullable(),
  domain: z.string().nullable(),
  email: z.string().nullable(),
  additional_emails: z.array(z.string()),
  phone: z.string().nullable(),
  additional_phones: z.array(z.string()),
  street1: z.string().nullable(),
  street2: z.string().nullable(),
  postcode: z.string().nullable(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  country_code: z.string().length(2).nullable(),
  relationship_type_code: z.string().nullable(),
  category_code: z.string().nullable(),
  industry_code: z.string().nullable(),
  zone_code: z.string().nullable(),
  status_tier_code: z.string().nullable(),
  account_manager: z.string().nullable(),
  parent_external_id: z.string().nullable(),
  notes: z.string().nullable(),
});
export type AccountRecord = z.infer<typeof AccountRecord>;

export function createAccountRowSchema(rc: RowContext) {
  const scope = { country: rc.defaultCountry };
  const country = () => scope.country;
  const fields = z.object({
    external_id: idField(),
    name: textField(),
    legal_form: textField(),
    tax_id: taxIdField(country),
    website: websiteField(),
    email: emailField(),
    phone: phoneField(rc, country),
    mobile: phoneField(rc, country),
    fax: phoneField(rc, country),
    street1: textField(),
    street2: textField(),
    postcode: postcodeField(),
    city: textField(),
    region: textField(),
    relationship_type: lookupField(rc, 'relationship_types'),
    category: lookupField(rc, 'account_categories'),
    industry: lookupField(rc, 'industries'),
    zone: lookupField(rc, 'zones'),
    status_tier: lookupField(rc, 'status_tiers'),
    account_manager: textField(),
    parent_external_id: idField(),
    notes: textField(),
  });
  const countrySchema = countryField();

  return {
    safeParse(input: MappedFields): { success: true; data: AccountRecord } | { success: false; issues: z.core.$ZodIssue[] } {
      const c = countrySchema.safeParse(input.country_code);
      if (!c.success) return { success: false, issues: c.error.issues.map((i) => ({ ...i, path: ['country_code'] })) };
      scope.country = c.data ?? rc.defaultCountry;
      const r = fields.safeParse(input);
      if (!r.success) return { success: false, issues: r.error.issues };
      const f = r.data;
      if (!f.name) return { success: false, issues: [{ code: 'custom', path: ['name'], message: 'name is required', input: input.name }] };
      const split = splitLegalForm(f.name);
      const name = split.name || f.name;
      const phones = [f.phone, f.mobile, f.fax].filter((p): p is string => !!p);
      const emailDom = f.email ? emailDomain(f.email) : null;
      const domain = f.website?.domain ?? (emailDom && !isFreeMailDomain(emailDom) ? emailDom : null);
      const externalId = f.external_id
        ?? (f.tax_id ? `tax:${f.tax_id.country}:${f.tax_id.value}` : `name:${foldText(name)}|${f.postcode ?? ''}`);
      return {
        success: true,
        data: {
          external_id: externalId,
          name,
          legal_name: f.name,
          legal_form: f.legal_form ?? split.legalForm,
          tax_id: f.tax_id?.value ?? null,
          tax_id_country: f.tax_id?.country ?? null,
          tax_id_kind: f.tax_id?.kind ?? null,
          website: f.website?.website ?? null,
          domain,
          email: f.email,
          additional_emails: [],
          phone: phones[0] ?? null,
          additional_phones: [...new Set(phones.slice(1))],
          street1: f.street1,
          street2: f.street2,
          postcode: f.postcode,
          city: f.city,
          region: f.region,
          country_code: c.data ?? (f.tax_id?.country ?? null),
          relationship_type_code: f.relationship_type,
          category_code: f.category,
          industry_code: f.industry,
          zone_code: f.zone,
          status_tier_code: f.status_tier,
          account_manager: f.account_manager,
          parent_external_id: f.parent_external_id,
          notes: f.notes,
        },
      };
    },
  };
}
