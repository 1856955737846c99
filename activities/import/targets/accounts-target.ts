/**
 * Accounts: staging columns, resolve steps (identity map → valid tax id → same tax id within the
 * batch) and the set-based writes. Survivorship is simple until the matcher issue lands: a source
 * never blanks a CRM value (COALESCE), an update writes only when some value differs
 * (IS DISTINCT FROM), and a record found by tax id only has its blanks filled.
 */
import { AccountRecord, createAccountRowSchema } from '../../../domain/canonical/account-row';
import { markCrmhubWriter } from '../../../db/crmhub-writer';
import type { CopyValue } from '../copy-text';
import { ensureUsers, exactKeyStep, identityStep, keepUserEdit, lockAndRedirectStep, newRecordsStep, ROW_CRM_ID, upsertSourceRecords, USER_ID_SQL } from '../resolve-steps';
import type { ImportTarget } from './import-target';

const COLUMNS = [
  ['name', 'text'], ['legal_name', 'text'], ['legal_form', 'text'],
  ['tax_id', 'text'], ['tax_id_country', 'text'], ['tax_id_kind', 'text'],
  ['website', 'text'], ['domain', 'text'], ['email', 'text'], ['additional_emails', 'text[]'],
  ['phone', 'text'], ['additional_phones', 'text[]'],
  ['street1', 'text'], ['street2', 'text'], ['postcode', 'text'], ['city', 'text'], ['region', 'text'], ['country_code', 'text'],
  ['relationship_type_code', 'text'], ['category_code', 'text'], ['industry_code', 'text'], ['zone_code', 'text'], ['status_tier_code', 'text'],
  ['account_manager', 'text'], ['parent_external_id', 'text'], ['notes', 'text'],
] as const;

type Col = (typeof COLUMNS)[number][0];
/** Columns copied as they are into `accounts` (account_manager and parent are references). */
const DIRECT: Col[] = COLUMNS.map(([c]) => c).filter((c) => c !== 'account_manager' && c !== 'parent_external_id');
const SCALARS = DIRECT.filter((c) => c !== 'additional_emails' && c !== 'additional_phones');

function unionArray(col: 'additional_emails' | 'additional_phones', primary: 'email' | 'phone'): string {
  return `${col} = ${keepUserEdit(col, `ARRAY(SELECT DISTINCT x FROM unnest(a.${col} || s.${col} || ARRAY[s.${primary}]) x
                          WHERE x IS NOT NULL AND x IS DISTINCT FROM coalesce(a.${primary}, s.${primary}) ORDER BY x)`)}`;
}

export const accountsTarget: ImportTarget<AccountRecord> = {
  entity: 'accounts',
  entityType: 'account',
  createRowSchema: createAccountRowSchema,
  stageColumns: COLUMNS,
  resolvedColumns: [],
  keyColumns: ['tax_id_country', 'tax_id'],
  toStageValues(r): CopyValue[] {
    return COLUMNS.map(([c]) => r[c] as CopyValue);
  },
  async resolveReferences() {
    return []; // the parent account may come later in the file: resolved in finalize
  },
  resolveSteps: [
    identityStep('account'),
    exactKeyStep({ name: 'tax_id', table: 'accounts', keys: [['tax_id_country', 'tax_id_country'], ['tax_id', 'tax_id']] }),
    newRecordsStep({ name: 'tax_id', keys: ['tax_id_country', 'tax_id'] }),
    lockAndRedirectStep('accounts'),
  ],
  async write(trx, ctx, actions) {
    if (actions.insert + actions.update + actions.merge > 0) await ensureUsers(trx, ctx);
    if (actions.insert > 0) {
        await trx.raw(
        `INSERT INTO accounts (id, ${DIRECT.join(', ')}, account_manager_id, extras)
         SELECT ${ROW_CRM_ID}, ${DIRECT.map((c) => `s.${c}`).join(', ')}, ${USER_ID_SQL('s.account_manager')}, s.extras
           FROM ${ctx.stage} s WHERE s.action IS NULL`,
      );
    }
    // Same identity, new content: the source's non-empty values win, except over a person's edits.
    const newValues = SCALARS.map((c) => keepUserEdit(c, `coalesce(s.${c}, a.${c})`));
    const newList = (c: 'additional_emails' | 'additional_phones') =>
      `cardinality(s.${c}) > 0 AND NOT ('${c}' = ANY(a.user_edited_fields)) AND s.${c} IS DISTINCT FROM a.${c}`;
    if (actions.update > 0) {
        await trx.raw(
        `UPDATE accounts a SET ${SCALARS.map((c, i) => `${c} = ${newValues[i]}`).join(', ')},
                additional_emails = CASE WHEN ${newList('additional_emails')} THEN s.additional_emails ELSE a.additional_emails END,
                additional_phones = CASE WHEN ${newList('additional_phones')} THEN s.additional_phones ELSE a.additional_phones END,
                account_manager_id = ${keepUserEdit('account_manager_id', `coalesce(${USER_ID_SQL('s.account_manager')}, a.account_manager_id)`)},
                extras = a.extras || s.extras, updated_at = now()
           FROM (SELECT DISTINCT ON (crm_id) * FROM ${ctx.stage} WHERE action = 'update' ORDER BY crm_id, row_number DESC) s
          WHERE a.id = s.crm_id
            AND ((${SCALARS.map((c) => `a.${c}`).join(', ')}, a.extras) IS DISTINCT FROM
                 (${newValues.join(', ')}, a.extras || s.extras)
                 OR (${newList('additional_phones')}) OR (${newList('additional_emails')}))`,
      );
    }
    // Found by tax id from another row or source: fill the record's blanks, union phones and e-mails.
    if (actions.merge > 0) {
        await trx.raw(
        `UPDATE accounts a SET ${SCALARS.map((c) => `${c} = ${keepUserEdit(c, `coalesce(a.${c}, s.${c})`)}`).join(', ')},
                ${unionArray('additional_emails', 'email')}, ${unionArray('additional_phones', 'phone')},
                account_manager_id = ${keepUserEdit('account_manager_id', `coalesce(a.account_manager_id, ${USER_ID_SQL('s.account_manager')})`)},
                extras = s.extras || a.extras, updated_at = now()
           FROM (SELECT DISTINCT ON (crm_id) * FROM ${ctx.stage} WHERE action = 'merge' ORDER BY crm_id, row_number) s
          WHERE a.id = s.crm_id`,
      );
    }
    if (actions.insert + actions.update + actions.merge > 0) await upsertSourceRecords(trx, ctx, 'account', COLUMNS.map(([c]) => c));
  },
  async finalize(db, ctx) {
    // Parent accounts named by external id in the same source, wherever they are in the file.
    // crmhub's own write (not a person's edit), and a parent a person set stays.
    await db.transaction(async (trx) => {
      await markCrmhubWriter(trx);
      await trx.raw(
      `UPDATE accounts a SET parent_account_id = p.crm_id, updated_at = now()
         FROM source_records c JOIN source_records p
           ON p.source_system_code = c.source_system_code AND p.entity_type = 'account'
          AND p.external_id = c.payload->>'parent_external_id'
        WHERE c.source_system_code = ? AND c.entity_type = 'account' AND c.last_run_id = ?
          AND c.payload->>'parent_external_id' IS NOT NULL AND a.id = c.crm_id AND a.id <> p.crm_id
          AND a.parent_account_id IS DISTINCT FROM p.crm_id AND NOT ('parent_account_id' = ANY(a.user_edited_fields))
          AND a.deleted_at IS NULL`,
      [ctx.sourceSystem, ctx.runId],
      );
    });
  },
};
