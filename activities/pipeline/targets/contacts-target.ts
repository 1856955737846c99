/**
 * Contacts: the account reference is resolved first (by the account's external id in the same
 * source, else by its tax id); a reference that finds no account sends the row to quarantine
 * (`unmatched_account`), one that finds several (`ambiguous_match`) too, rather than creating an
 * orphan or picking one. Then identity map → the batch's groups re-collapsed → normalized e-mail
 * (an e-mail is one person) → same e-mail within the batch. Writes as for accounts: new contacts
 * set-based, every contact a batch updates or joins by survivorship over all its sources.
 */
import { ContactRecord, createContactRowSchema } from '../../../domain/canonical/contact-row';
import { regroupStep } from '../collapse-groups';
import type { CopyValue } from '../copy-text';
import { ambiguityStep, exactKeyStep, identityStep, keepUserEdit, lockAndRedirectStep, newRecordsStep, ROW_CRM_ID, upsertSourceRecords } from '../resolve-steps';
import { surviveStaged } from '../survive-staged';
import type { EntityTarget, RowReject } from './entity-target';

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

export const contactsTarget: EntityTarget<ContactRecord> = {
  entity: 'contacts',
  entityType: 'contact',
  survivorship: 'contacts',
  createRowSchema: createContactRowSchema,
  stageColumns: COLUMNS,
  resolvedColumns: [['account_id', 'uuid'], ['account_candidates', 'uuid[]']],
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
    // By tax id: exactly one live account, or none; two or more is ambiguous (subsidiaries).
    await trx.raw(
      `UPDATE ${ctx.stage} s SET account_id = CASE WHEN cardinality(m.ids) = 1 THEN m.ids[1] END, account_candidates = m.ids
         FROM (SELECT s2.row_number, array_agg(f.id ORDER BY f.created_at, f.id) AS ids
                 FROM ${ctx.stage} s2
                 CROSS JOIN LATERAL (SELECT a.id, a.created_at FROM accounts a
                                      WHERE a.tax_id_country = s2.account_tax_id_country AND a.tax_id = s2.account_tax_id
                                        AND a.deleted_at IS NULL ORDER BY a.created_at, a.id LIMIT 2) f
                WHERE s2.account_id IS NULL AND s2.account_tax_id IS NOT NULL
                GROUP BY s2.row_number) m
        WHERE s.row_number = m.row_number`,
    );
    const { rows } = await trx.raw<{ rows: { row_number: number; account_external_id: string | null; account_tax_id: string | null; account_tax_id_country: string | null; account_candidates: string[] | null }[] }>(
      `DELETE FROM ${ctx.stage} WHERE account_id IS NULL AND (account_external_id IS NOT NULL OR account_tax_id IS NOT NULL)
       RETURNING row_number, account_external_id, account_tax_id, account_tax_id_country, account_candidates`,
    );
    return rows.map((r): RowReject => {
      if (r.account_candidates && r.account_candidates.length > 1) {
        return {
          rowNumber: r.row_number, reason: 'ambiguous_match', field: 'account_tax_id',
          message: `tax id ${r.account_tax_id_country}:${r.account_tax_id} matches ${r.account_candidates.length} live accounts (${r.account_candidates.join(', ')}): `
            + "refer to the account by its external id, or merge or tell those accounts apart in the CRM, then replay this row",
        };
      }
      return {
        rowNumber: r.row_number,
        reason: 'unmatched_account',
        field: r.account_external_id ? 'account_external_id' : 'account_tax_id',
        message: r.account_external_id
          ? `no account with external id "${r.account_external_id}" in source ${ctx.sourceSystem}: import the accounts first, then replay this row`
          : `no account with tax id ${r.account_tax_id_country}:${r.account_tax_id}`,
      };
    });
  },
  resolveSteps: [
    identityStep('contact'),
    regroupStep({ entityType: 'contact', entity: 'contacts', columns: COLUMNS.map(([c]) => c) }),
    exactKeyStep({ name: 'email', table: 'contacts', keys: [['email', 'email']] }),
    ambiguityStep((s) => `e-mail ${s.email}`),
    newRecordsStep({ name: 'email', keys: ['email'] }),
    lockAndRedirectStep('contacts'),
  ],
  async write(trx, ctx, actions) {
    if (actions.insert + actions.update + actions.merge === 0) return;
    if (actions.insert > 0) {
      await trx.raw(
        `INSERT INTO contacts (id, account_id, ${DIRECT.join(', ')}, extras)
         SELECT ${ROW_CRM_ID}, s.account_id, ${DIRECT.map((c) => `s.${c}`).join(', ')}, s.extras
           FROM ${ctx.stage} s WHERE s.action IS NULL`,
      );
    }
    // Lineage first: survivorship reads every source record of the contact, this batch's included.
    await upsertSourceRecords(trx, ctx, 'contact', COLUMNS.map(([c]) => c));
    if (actions.update + actions.merge === 0 || ctx.dryRun) return; // a dry run changes no existing record
    // What survivorship does not decide: the account (the latest source naming one, unless a
    // person moved the contact) and the extras (the latest source's keys win).
    const account = keepUserEdit('account_id', 'coalesce(s.account_id, a.account_id)');
    await trx.raw(
      `UPDATE contacts a SET account_id = ${account}, extras = a.extras || s.extras, updated_at = now()
         FROM (SELECT DISTINCT ON (crm_id) * FROM ${ctx.stage} WHERE action IN ('update', 'merge') ORDER BY crm_id, row_number DESC) s
        WHERE a.id = s.crm_id AND (a.account_id, a.extras) IS DISTINCT FROM (${account}, a.extras || s.extras)`,
    );
    await surviveStaged(trx, ctx, 'contacts');
  },
  async finalize() {
    // Nothing refers forward within a contacts file.
  },
};
