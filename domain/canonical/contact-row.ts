/**
 * Mapped contact row → canonical `ContactRecord` (see account-row.ts for the approach).
 * A contact needs a name, an e-mail or a phone; its account is referenced by the account's
 * external id in the same source or by the account's tax id, and resolved in the import's
 * resolve stage (an unknown reference is quarantined there, not here).
 */
import { z } from 'zod';
import { foldText, splitFullName } from '../normalize';
import {
  booleanField, countryField, dateField, emailField, emailsField, idField, lookupField, phoneField, taxIdField, textField,
} from './field-parsers';
import type { MappedFields, RowContext } from './row-context';

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
  account_external_id: z.string().nullable(),
  account_tax_id: z.string().nullable(),
  account_tax_id_country: z.string().nullable(),
  account_name: z.string().nullable(),
  notes: z.string().nullable(),
});
export type ContactRecord = z.infer<typeof ContactRecord>;

export function createContactRowSchema(rc: RowContext) {
  const scope = { country: rc.defaultCountry };
  const country = () => scope.country;
  const fields = z.object({
    external_id: idField(),
    first_name: textField(),
    last_name: textField(),
    full_name: textField(),
    job_title: textField(),
    role: lookupField(rc, 'contact_roles'),
    department: lookupField(rc, 'departments'),
    email: emailField(),
    additional_emails: emailsField(),
    phone: phoneField(rc, country),
    mobile: phoneField(rc, country),
    email_opt_in: booleanField(),
    opt_in_date: dateField(rc),
    is_active: booleanField(),
    account_external_id: idField(),
    account_tax_id: taxIdField(country),
    account_name: textField(),
    notes: textField(),
  });
  const countrySchema = countryField();

  return {
    safeParse(input: MappedFields): { success: true; data: ContactRecord } | { success: false; issues: z.core.$ZodIssue[] } {
      const c = countrySchema.safeParse(input.country_code);
      if (!c.success) return { success: false, issues: c.error.issues.map((i) => ({ ...i, path: ['country_code'] })) };
      scope.country = c.data ?? rc.defaultCountry;
      const r = fields.safeParse(input);
      if (!r.success) return { success: false, issues: r.error.issues };
      const f = r.data;
      let first = f.first_name;
      let last = f.last_name;
      if (!first && !last && f.full_name) {
        const s = splitFullName(f.full_name);
        first = s.firstName || null;
        last = s.lastName || null;
      }
      const emails = [...new Set((f.additional_emails ?? []).filter((e) => e !== f.email))];
      const email = f.email ?? emails.shift() ?? null;
      if (!first && !last && !email && !f.phone && !f.mobile) {
        return { success: false, issues: [{ code: 'custom', path: ['first_name'], message: 'a contact needs a name, an e-mail or a phone', input: undefined }] };
      }
      const accountRef = f.account_external_id ?? (f.account_tax_id ? `${f.account_tax_id.country}:${f.account_tax_id.value}` : '');
      const externalId = f.external_id
        ?? (email ? `email:${email}` : `name:${foldText(`${first ?? ''} ${last ?? ''}`)}|${accountRef}|${f.phone ?? f.mobile ?? ''}`);
      return {
        success: true,
        data: {
          external_id: externalId,
          first_name: first,
          last_name: last,
          job_title: f.job_title,
          role_code: f.role,
          department_code: f.department,
          email,
          additional_emails: emails,
          phone: f.phone,
          mobile: f.mobile,
          email_opt_in: f.email_opt_in,
          opt_in_date: f.opt_in_date,
          is_active: f.is_active ?? true,
          country_code: c.data,
          account_external_id: f.account_external_id,
          account_tax_id: f.account_tax_id?.value ?? null,
          account_tax_id_country: f.account_tax_id?.country ?? null,
          account_name: f.account_name,
          notes: f.notes,
        },
      };
    },
  };
}
