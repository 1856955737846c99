/**
 * Accounts: staging columns, resolve steps (identity map → the batch's groups re-collapsed → one
 * live account with the valid tax id, or quarantine when several share it → same tax id within
 * the batch) and the writes. New single-source accounts are inserted set-based from the staging
 * table; every account a batch updates or joins is recomputed by survivorship from all its source
 * records (survive-staged.ts), so import order and `--no-match` never decide a field.
 */
import { AccountRecord, createAccountRowSchema } from '../../../domain/canonical/account-row';
import { asText } from '../../../domain/canonical/row-context';
import { markCrmhubWriter } from '../../../db/crmhub-writer';
import { regroupStep } from '../collapse-groups';
import { fieldOf } from '../source-row';
import { rememberFingerprints } from '../known-rows';
import type { CopyValue } from '../copy-text';
import {
  ambiguityStep, ensureUsers, exactKeyStep, identityStep, keepUserEdit, lockAndRedirectStep, newRecordsStep, ROW_CRM_ID, upsertSourceRecords, USER_ID_SQL,
} from '../resolve-steps';
import { surviveStaged } from '../survive-staged';
import { timedWrite, type EntityTarget } from './entity-target';

const COLUMNS = [
  ['name', 'text'], ['legal_name', 'text'], ['legal_form', 'text'],
  ['tax_id', 'text'], ['tax_id_country', 'text'], ['tax_id_kind', 'text'], ['tax_id_invalid', 'text'],
  ['website', 'text'], ['domain', 'text'], ['email', 'text'], ['additional_emails', 'text[]'],
  ['phone', 'text'], ['additional_phones', 'text[]'],
  ['street1', 'text'], ['street2', 'text'], ['postcode', 'text'], ['city', 'text'], ['region', 'text'], ['country_code', 'text'],
  ['relationship_type_code', 'text'], ['category_code', 'text'], ['industry_code', 'text'], ['zone_code', 'text'], ['status_tier_code', 'text'],
  ['account_manager', 'text'], ['parent_external_id', 'text'], ['notes', 'text'],
] as const;

type Col = (typeof COLUMNS)[number][0];
/** Columns copied as they are into `accounts` (account_manager and parent are references). */
const DIRECT: Col[] = COLUMNS.map(([c]) => c).filter((c) => c !== 'account_manager' && c !== 'parent_external_id');

export const accountsTarget: EntityTarget<AccountRecord> = {
  entity: 'accounts',
  entityType: 'account',
  survivorship: 'accounts',
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
  skipsKnownRows: true,
  externalIdOf: (row) => asText(fieldOf(row, 'external_id')), // idField(): the cell's text, trimmed
  resolveSteps: [
    identityStep('account'),
    regroupStep({ entityType: 'account', entity: 'accounts', columns: COLUMNS.map(([c]) => c) }),
    exactKeyStep({ name: 'tax_id', table: 'accounts', keys: [['tax_id_country', 'tax_id_country'], ['tax_id', 'tax_id']] }),
    ambiguityStep((s) => `tax id ${s.tax_id_country}:${s.tax_id}`),
    newRecordsStep({ name: 'tax_id', keys: ['tax_id_country', 'tax_id'] }),
    lockAndRedirectStep('accounts'),
  ],
  async write(trx, ctx, actions) {
    if (actions.unchanged > 0 && !ctx.dryRun) await timedWrite(ctx, 'fingerprints', () => rememberFingerprints(trx, ctx, 'account'));
    if (actions.insert + actions.update + actions.merge === 0) return;
    await timedWrite(ctx, 'users', () => ensureUsers(trx, ctx));
    if (actions.insert > 0) {
      await timedWrite(ctx, 'insert', () => trx.raw(
        `INSERT INTO accounts (id, ${DIRECT.join(', ')}, account_manager_id, extras)
         SELECT ${ROW_CRM_ID}, ${DIRECT.map((c) => `s.${c}`).join(', ')}, ${USER_ID_SQL('s.account_manager')}, s.extras
           FROM ${ctx.stage} s WHERE s.action IS NULL`,
      ));
    }
    // Lineage first: survivorship reads every source record of the account, this batch's included.
    await timedWrite(ctx, 'source_records', () => upsertSourceRecords(trx, ctx, 'account', COLUMNS.map(([c]) => c)));
    if (actions.update + actions.merge === 0 || ctx.dryRun) return; // a dry run changes no existing record
    // What survivorship does not decide: the account manager (the latest source naming one, unless
    // a person set it) and the extras (the latest source's keys win).
    const manager = keepUserEdit('account_manager_id', `coalesce(${USER_ID_SQL('s.account_manager')}, a.account_manager_id)`);
    await timedWrite(ctx, 'update', () => trx.raw(
      `UPDATE accounts a SET account_manager_id = ${manager}, extras = a.extras || s.extras, updated_at = now()
         FROM (SELECT DISTINCT ON (crm_id) * FROM ${ctx.stage} WHERE action IN ('update', 'merge') ORDER BY crm_id, row_number DESC) s
        WHERE a.id = s.crm_id AND (a.account_manager_id, a.extras) IS DISTINCT FROM (${manager}, a.extras || s.extras)`,
    ));
    await timedWrite(ctx, 'survive', () => surviveStaged(trx, ctx, 'accounts'));
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
