/**
 * What the batch loader needs to know about one CRM entity: how a canonical record becomes a
 * staging row, how staged rows find their CRM record (the resolve stage), and how they are written.
 *
 * The resolve stage is a list of steps run in order over the staging table, each filling
 * `crm_id` + `resolved_by` for rows still unresolved: identity map first, then exact keys
 * (valid tax id; normalized e-mail for contacts), then rows of the same batch sharing a key.
 * A fuzzy matcher plugs in as one more step before the in-batch step.
 */
import type { Knex } from 'knex';
import type { CopyValue } from '../copy-text';
import type { RowContext, MappedFields } from '../../../domain/canonical/row-context';
import type { z } from 'zod';

export type EntityType = 'account' | 'contact';

export type ActionCounts = Record<'insert' | 'update' | 'unchanged' | 'merge', number>;

export interface StageContext {
  stage: string; // staging table name (already quoted-safe: [a-z0-9_]+)
  sourceSystem: string;
  runId: number;
  fileName: string;
  sheet: string | null;
}

export interface ResolveStep {
  name: string;
  run(trx: Knex.Transaction, ctx: StageContext): Promise<void>;
}

export interface RowReject { rowNumber: number; reason: 'unmatched_account' | 'missing_reference' | 'ambiguous_match'; message: string; field: string }

export interface ImportTarget<R extends { external_id: string }> {
  entity: 'accounts' | 'contacts';
  entityType: EntityType;
  createRowSchema(rc: RowContext): { safeParse(input: MappedFields): { success: true; data: R } | { success: false; issues: z.core.$ZodIssue[] } };
  /** Entity columns of the staging table, after the common ones, filled by COPY in this order. */
  stageColumns: readonly (readonly [name: string, pgType: string])[];
  /** Staging columns the resolve stage joins on: analyzed after each COPY so joins are planned right. */
  keyColumns: readonly string[];
  /** Staging columns filled by the resolve stage (e.g. a contact's account id). */
  resolvedColumns: readonly (readonly [name: string, pgType: string])[];
  toStageValues(record: R): CopyValue[];
  /** References that must resolve before the row can be written (contacts → account). */
  resolveReferences(trx: Knex.Transaction, ctx: StageContext): Promise<RowReject[]>;
  resolveSteps: ResolveStep[];
  /** Writes the batch; `actions` counts rows per action, so statements with nothing to do are skipped. */
  write(trx: Knex.Transaction, ctx: StageContext, actions: ActionCounts): Promise<void>;
  /** Once per run, after the last batch: references that may point forward in the file. */
  finalize(db: Knex, ctx: Omit<StageContext, 'stage'>): Promise<void>;
}

/** Columns every staging table has, whatever the entity. */
export const COMMON_STAGE_COLUMNS = [
  ['row_number', 'integer NOT NULL'],
  ['new_id', 'uuid NOT NULL'], // the id the row gets if it turns out to be a new record
  ['external_id', 'text NOT NULL'],
  ['data_hash', 'text NOT NULL'],
  ['extras', 'jsonb NOT NULL'],
] as const;

/** Filled by the resolve stage, not by COPY; NULL after it means a new record (see resolve-steps). */
export const RESOLUTION_COLUMNS = [
  ['crm_id', 'uuid'],
  ['prev_hash', 'text'],
  ['resolved_by', 'text'],
  ['action', 'text'],
] as const;
