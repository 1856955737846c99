/**
 * Mapped account row → canonical `AccountRecord`.
 *
 * A zod schema built once per import (it closes over the locale profile and the lookups);
 * `safeParse` per row; a failure is a list of issues that goes to quarantine, never an exception.
 * The row's country (or the source's default) decides how phones and tax ids are read.
 */
import { z } from 'zod';
import { foldText, isFreeMailDomain, splitLegalForm, emailDomain } from '../normalize';
import { emailField, idField, lookupField, phoneField, taxIdField, textField, websiteField } from './field-parsers';
import { PostalAddress, postalAddress, postalAddressFields } from './postal-address';
import { asText, type RowContext } from './row-context';
import { createRowSchema, type RowSchemaOptions } from './row-schema';

export const AccountRecord = z.strictObject({
  external_id: z.string().min(1),
  name: z.string().min(1),
  legal_name: z.string().nullable(),
  legal_form: z.string().nullable(),
  tax_id: z.string().nullable(),
  tax_id_country: z.string().length(2).nullable(),
  tax_id_kind: z.string().nullable(),
  /** A tax id the source gave that fails its checksum: kept as written and flagged, never used to match. */
  tax_id_invalid: z.string().nullable(),
  website: z.string().nullable(),
  domain: z.string().nullable(),
  email: z.string().nullable(),
  additional_emails: z.array(z.string()),
  phone: z.string().nullable(),
  additional_phones: z.array(z.string()),
  ...PostalAddress.shape,
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

export function createAccountRowSchema(rc: RowContext, options: RowSchemaOptions = {}) {
  return createRowSchema(
    rc,
    (scope) => {
      const country = () => scope.country;
      return {
        external_id: idField(),
        name: textField(),
        legal_form: textField(),
        tax_id: taxIdField(country),
        website: websiteField(),
        email: emailField(),
        phone: phoneField(country),
        mobile: phoneField(country),
        fax: phoneField(country),
        ...postalAddressFields(),
        relationship_type: lookupField(rc, 'relationship_types'),
        category: lookupField(rc, 'account_categories'),
        industry: lookupField(rc, 'industries'),
        zone: lookupField(rc, 'zones'),
        status_tier: lookupField(rc, 'status_tiers'),
        account_manager: textField(),
        parent_external_id: idField(),
        notes: textField(),
      };
    },
    (f, country, { input, dropped }): { ok: true; value: AccountRecord } | { ok: false; path: string; message: string } => {
      if (!f.name) return { ok: false, path: 'name', message: 'name is required' };
      const invalidTaxId = dropped.has('tax_id') ? asText(input.tax_id) : null;
      const split = splitLegalForm(f.name);
      const name = split.name || f.name;
      const phones = [f.phone, f.mobile, f.fax].filter((p): p is string => !!p);
      const emailDom = f.email ? emailDomain(f.email) : null;
      const domain = f.website?.domain ?? (emailDom && !isFreeMailDomain(emailDom) ? emailDom : null);
      const externalId = f.external_id
        ?? (f.tax_id ? `tax:${f.tax_id.country}:${f.tax_id.value}` : `name:${foldText(name)}|${f.postcode ?? ''}`);
      return {
        ok: true,
        value: {
          external_id: externalId,
          name,
          legal_name: f.name,
          legal_form: f.legal_form ?? split.legalForm,
          tax_id: f.tax_id?.value ?? null,
          tax_id_country: f.tax_id?.country ?? null,
          tax_id_kind: f.tax_id?.kind ?? null,
          tax_id_invalid: invalidTaxId,
          website: f.website?.website ?? null,
          domain,
          email: f.email ?? null,
          additional_emails: [],
          phone: phones[0] ?? null,
          additional_phones: [...new Set(phones.slice(1))],
          ...postalAddress(f),
          country_code: country ?? f.tax_id?.country ?? null,
          relationship_type_code: f.relationship_type ?? null,
          category_code: f.category ?? null,
          industry_code: f.industry ?? null,
          zone_code: f.zone ?? null,
          status_tier_code: f.status_tier ?? null,
          account_manager: f.account_manager ?? null,
          parent_external_id: f.parent_external_id ?? null,
          notes: f.notes ?? null,
        },
      };
    },
    options,
  );
}
