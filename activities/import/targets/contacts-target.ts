/**
 * Contacts: the account reference is resolved first (by the account's external id in the same
 * source, else by its tax id); a reference that finds no account sends the row to quarantine
 * (`unmatched_account`) rather than creating an orphan. Then identity map → normalized e-mail
 * (an e-mail is one person) → same e-mail within the batch.
 */
import { ContactRecord, createContactRowSchema } from '../../../domain/canonical/contact-row';
import type { CopyValue } from '../copy-text';
import { exactKeyStep, identityStep, keepUserEdit, lockAndRedirectStep, newRecordsStep, ROW_CRM_ID, upsertSourceRecords } from '../resolve-steps';
import type { ImportTarget, RowReject } from './import-target';

const COLUMNS = [
  ['first_name', 'text'], ['last_name', 'text'], ['job_title', 'text'], ['role_code', 'text'], ['department_code', 'text'],
  ['email', 'text'], ['additional_emails', 'text[]'], ['phone', 'text'], ['mobile', 'text'],
  ['email_opt_in', 'boolean'], ['opt_in_date', 'date'], ['is_active', 'boolean'], ['country_code', 'text'],
  ['street1', 'text'], ['street2', 'text'], ['postcode', 'text'], ['city', 'text'], ['region', 'text'],
  ['birth_date', 'date'], ['national_id', 'text'],
  ['account_external_id', 'text'], ['account_tax_id', 'text'], ['account_tax_id_country', 'text'], ['account_name', 'text'], ['notes', 'text'],
] as const;

type Col = (typeof COLUMNS)[number][0];
const REFERENCE_ONLY: Col[] = ['account_external_id', 'account_tax_id', 'account_tax_id_country', 'account_name'];
const DIRECT = COLUMNS.map(([c]) => c).filter((c) => !REFERENCE_ONLY.includes(c));
const SCALARS = DIRECT.filter((c) => c !== 'additional_emails');

export const contactsTarget: ImportTarget<ContactRecord> = {
  entity: 'contacts',
  entityType: 'contact',
  createRowSchema: createContactRowSchema,
  stageColumns: COLUMNS,
  resolvedColumns: [['account_id', 'uuid']],
  keyColumns: ['email', 'account_external_id', 'account_tax_id'],
  toStageValues(r): CopyValue[] {
    return COLUMNS.map(([c]) => r[c] as CopyValue);
  },
  async resolveReferences(trx, ctx): Promise<RowReject[]> {
    await trx.raw(
      `UPDATE ${ctx.stage} s SET account_id = m.crm_id
         FROM (SELECT s2.row_number, f.crm_id
                 FROM ${ctx.stage} s2
                 CROSS JOIN LATERAL (SELECT sr.crm_id FROM source_records sr
                                      WHERE sr.source_system_code = ? AND sr.entity_type = 'account'
                                        AND sr.external_id = s2.account_external_id LIMIT 1) f
                WHERE s2.account_external_id IS NOT NULL) m
        WHERE s.row_number = m.row_number`,
      [ctx.sourceSystem],
    );
    await trx.raw(
      `UPDATE ${ctx.stage} s SET account_id = m.id
         FROM (SELECT s2.row_number, f.id
                 FROM ${ctx.stage} s2
                 CROSS JOIN LATERAL (SELECT a.id FROM accounts a
                                      WHERE a.tax_id_country = s2.account_tax_id_country AND a.tax_id = s2.account_tax_id
                                        AND a.deleted_at IS NULL ORDER BY a.created_at, a.id LIMIT 1) f
                WHERE s2.account_id IS NULL AND s2.account_tax_id IS NOT NULL) m
        WHERE s.row_number = m.row_number`,
    );
    const { rows } = await trx.raw<{ rows: { row_number: number; account_external_id: string | null; account_tax_id: string | null; account_tax_id_country: string | null }[] }>(
      `DELETE FROM ${ctx.stage} WHERE account_id IS NULL AND (account_external_id IS NOT NULL OR account_tax_id IS NOT NULL)
       RETURNING row_number, account_external_id, account_tax_id, account_tax_id_country`,
    );
    return rows.map((r) => ({
      rowNumber: r.row_number,
      reason: 'unmatched_account',
      field: r.account_external_id ? 'account_external_id' : 'account_tax_id',
      message: r.account_external_id
        ? `no account with external id "${r.account_external_id}" in source ${ctx.sourceSystem}: import the accounts first, then replay this row`
        : `no account with tax id ${r.account_tax_id_country}:${r.account_tax_id}`,
    }));
  },
  resolveSteps: [
    identityStep('contact'),
    exactKeyStep({ name: 'email', table: 'contacts', keys: [['email', 'email']] }),
    newRecordsStep({ name: 'email', keys: ['email'] }),
    lockAndRedirectStep('contacts'),
  ],
  async write(trx, ctx, actions) {
    if (actions.insert > 0) {
        await trx.raw(
        `INSERT INTO contacts (id, account_id, ${DIRECT.join(', ')}, extras)
         SELECT ${ROW_CRM_ID}, s.account_id, ${DIRECT.map((c) => `s.${c}`).join(', ')}, s.extras
           FROM ${ctx.stage} s WHERE s.action IS NULL`,
      );
    }
    // A source never overwrites a person's edit (user_edited_fields).
    const newValues = SCALARS.map((c) => keepUserEdit(c, `coalesce(s.${c}, a.${c})`));
    const newAccount = keepUserEdit('account_id', 'coalesce(s.account_id, a.account_id)');
    const newEmails = `cardinality(s.additional_emails) > 0 AND NOT ('additional_emails' = ANY(a.user_edited_fields)) AND s.additional_emails IS DISTINCT FROM a.additional_emails`;
    if (actions.update > 0) {
        await trx.raw(
        `UPDATE contacts a SET ${SCALARS.map((c, i) => `${c} = ${newValues[i]}`).join(', ')},
                account_id = ${newAccount},
                additional_emails = CASE WHEN ${newEmails} THEN s.additional_emails ELSE a.additional_emails END,
                extras = a.extras || s.extras, updated_at = now()
           FROM (SELECT DISTINCT ON (crm_id) * FROM ${ctx.stage} WHERE action = 'update' ORDER BY crm_id, row_number DESC) s
          WHERE a.id = s.crm_id
            AND ((${SCALARS.map((c) => `a.${c}`).join(', ')}, a.account_id, a.extras) IS DISTINCT FROM
                 (${newValues.join(', ')}, ${newAccount}, a.extras || s.extras) OR (${newEmails}))`,
      );
    }
    if (actions.merge > 0) {
        await trx.raw(
        `UPDATE contacts a SET ${SCALARS.map((c) => `${c} = ${keepUserEdit(c, `coalesce(a.${c}, s.${c})`)}`).join(', ')},
                account_id = ${keepUserEdit('account_id', 'coalesce(a.account_id, s.account_id)')},
                additional_emails = ${keepUserEdit('additional_emails', `ARRAY(SELECT DISTINCT x FROM unnest(a.additional_emails || s.additional_emails || ARRAY[s.email]) x
                                           WHERE x IS NOT NULL AND x IS DISTINCT FROM coalesce(a.email, s.email) ORDER BY x)`)},
                additional_phones = ${keepUserEdit('additional_phones', `ARRAY(SELECT DISTINCT x FROM unnest(a.additional_phones || ARRAY[s.phone, s.mobile]) x
                                           WHERE x IS NOT NULL AND x IS DISTINCT FROM coalesce(a.phone, s.phone)
                                             AND x IS DISTINCT FROM coalesce(a.mobile, s.mobile) ORDER BY x)`)},
                extras = s.extras || a.extras, updated_at = now()
           FROM (SELECT DISTINCT ON (crm_id) * FROM ${ctx.stage} WHERE action = 'merge' ORDER BY crm_id, row_number) s
          WHERE a.id = s.crm_id`,
      );
    }
    if (actions.insert + actions.update + actions.merge > 0) await upsertSourceRecords(trx, ctx, 'contact', COLUMNS.map(([c]) => c));
  },
  async finalize() {
    // Nothing refers forward within a contacts file.
  },
};
