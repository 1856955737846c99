/**
 * Mapped contact row → canonical `ContactRecord` (see account-row.ts for the approach).
 * A contact needs a name, an e-mail or a phone; its account is referenced by the account's
 * external id in the same source or by the account's tax id, and resolved in the import's
 * resolve stage (an unknown reference is quarantined there, not here).
 */
import { z } from 'zod';
import { foldText, splitFullName } from '../normalize';
import { booleanField, dateField, emailField, emailsField, idField, lookupField, phoneField, taxIdField, textField } from './field-parsers';
import { PostalAddress, postalAddress, postalAddressFields } from './postal-address';
import type { RowContext } from './row-context';
import { createRowSchema, type RowSchemaOptions } from './row-schema';

export const ContactRecord = z.strictObject({
  external_id: z.string().min(1),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  job_title: z.string().nullable(),
  role_code: z.string().nullable(),
  department_code: z.string().nullable(),
  email: z.string().nullable(),
  additional_emails: z.array(z.string()),
  phone: z.string().nullable(),
  mobile: z.string().nullable(),
  email_opt_in: z.boolean().nullable(),
  opt_in_date: z.string().nullable(),
  is_active: z.boolean(),
  country_code: z.string().length(2).nullable(),
  ...PostalAddress.shape,
  birth_date: z.string().nullable(),
  national_id: z.string().nullable(),
  account_external_id: z.string().nullable(),
  account_tax_id: z.string().nullable(),
  account_tax_id_country: z.string().nullable(),
  account_name: z.string().nullable(),
  notes: z.string().nullable(),
});
export type ContactRecord = z.infer<typeof ContactRecord>;

export function createContactRowSchema(rc: RowContext, options: RowSchemaOptions = {}) {
  return createRowSchema(
    rc,
    (scope) => {
      const country = () => scope.country;
      return {
        external_id: idField(),
        first_name: textField(),
        last_name: textField(),
        full_name: textField(),
        job_title: textField(),
        role: lookupField(rc, 'contact_roles'),
        department: lookupField(rc, 'departments'),
        email: emailField(),
        additional_emails: emailsField(),
        phone: phoneField(country),
        mobile: phoneField(country),
        email_opt_in: booleanField(),
        opt_in_date: dateField(rc),
        is_active: booleanField(),
        ...postalAddressFields(),
        birth_date: dateField(rc),
        // Compact and upper-case, so "123 456 789" and "123456789" compare equal.
        national_id: idField(),
        account_external_id: idField(),
        account_tax_id: taxIdField(country),
        account_name: textField(),
        notes: textField(),
      };
    },
    (f, country): { ok: true; value: ContactRecord } | { ok: false; path: string; message: string } => {
      let first = f.first_name ?? null;
      let last = f.last_name ?? null;
      if (!first && !last && f.full_name) {
        const s = splitFullName(f.full_name);
        first = s.firstName || null;
        last = s.lastName || null;
      }
      const emails = [...new Set((f.additional_emails ?? []).filter((e) => e !== f.email))];
      const email = f.email ?? emails.shift() ?? null;
      if (!first && !last && !email && !f.phone && !f.mobile) {
        return { ok: false, path: 'first_name', message: 'a contact needs a name, an e-mail or a phone' };
      }
      const accountRef = f.account_external_id ?? (f.account_tax_id ? `${f.account_tax_id.country}:${f.account_tax_id.value}` : '');
      const externalId = f.external_id
        ?? (email ? `email:${email}` : `name:${foldText(`${first ?? ''} ${last ?? ''}`)}|${accountRef}|${f.phone ?? f.mobile ?? ''}`);
      return {
        ok: true,
        value: {
          external_id: externalId,
          first_name: first,
          last_name: last,
          job_title: f.job_title ?? null,
          role_code: f.role ?? null,
          department_code: f.department ?? null,
          email,
          additional_emails: emails,
          phone: f.phone ?? null,
          mobile: f.mobile ?? null,
          email_opt_in: f.email_opt_in ?? null,
          opt_in_date: f.opt_in_date ?? null,
          is_active: f.is_active ?? true,
          country_code: country,
          ...postalAddress(f),
          birth_date: f.birth_date ?? null,
          national_id: f.national_id ? f.national_id.replace(/[\s.\-/]/g, '').toUpperCase() || null : null,
          account_external_id: f.account_external_id ?? null,
          account_tax_id: f.account_tax_id?.value ?? null,
          account_tax_id_country: f.account_tax_id?.country ?? null,
          account_name: f.account_name ?? null,
          notes: f.notes ?? null,
        },
      };
    },
    options,
  );
}
