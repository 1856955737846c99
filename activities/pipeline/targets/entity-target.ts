/**
 * What the load pipeline needs to know about one entity — a party (accounts, contacts) or a fact
 * (invoices, lines, receivables, orders, shipments, activities, site visits): how a canonical
 * record becomes a staging row, how staged rows find their CRM record and their references (the
 * resolve stage), and how they are written. One entry per entity in targets/index.ts: adding an
 * entity is that entry and its migration.
 *
 * The resolve stage is a list of steps run in order over the staging table, each filling
 * `crm_id` + `action` for rows still unresolved: the identity map first, then (parties) exact
 * keys — a valid tax id, a normalized e-mail — then rows of the same batch sharing a key. Fuzzy
 * matching is not a step: it is the match stage after the load (activities/match).
 */
import type { Knex } from 'knex';
import type { CopyValue } from '../copy-text';
import type { RowContext } from '../../../domain/canonical/row-context';
import type { RowResult, RowSchemaOptions } from '../../../domain/canonical/row-schema';
import type { MappedFields } from '../../../domain/canonical/row-context';
import type { SurvivorshipEntity } from '../../../domain/merge/survivorship-rules';
import type { SourceRow } from '../source-row';

/** The singular the ledger, the identity map and the quarantine use (`sync_runs.entity_type`). */
export type EntityType = 'account' | 'contact' | 'invoice' | 'invoice_line' | 'receivable' | 'order' | 'order_line' | 'shipment' | 'activity' | 'site_visit';

export type ActionCounts = Record<'insert' | 'update' | 'unchanged' | 'merge', number>;

export interface StageContext {
  stage: string; // staging table name (already quoted-safe: [a-z0-9_]+)
  sourceSystem: string;
  runId: number;
  fileName: string | null;
  sheet: string | null;
  /** A dry run resolves and counts like a real one but locks and updates no existing CRM record. */
  dryRun: boolean;
  /** Benchmarks: milliseconds per write statement (`w_<name>`), summed over the run. */
  timings?: Record<string, number>;
}

/** Runs one write statement, adding its duration to `ctx.timings[w_<name>]` when timings are kept. */
export async function timedWrite<T>(ctx: StageContext, name: string, work: () => Promise<T>): Promise<T> {
  if (!ctx.timings) return work();
  const t0 = performance.now();
  try {
    return await work();
  } finally {
    ctx.timings[`w_${name}`] = (ctx.timings[`w_${name}`] ?? 0) + performance.now() - t0;
  }
}

export interface ResolveStep {
  name: string;
  /** Resolves what it can; rows it refuses are removed from the stage and returned. */
  run(trx: Knex.Transaction, ctx: StageContext): Promise<void | RowReject[]>;
}

/** A staging row the resolve stage refuses: every file row it carries is quarantined. */
export interface RowReject { rowNumber: number; reason: 'unmatched_account' | 'missing_reference' | 'ambiguous_match' | 'missing_parent'; message: string; field: string }

export interface EntityTarget<R extends { external_id: string }> {
  /** The entity's name: its table, its stream, its mapping `entity`. */
  entity: string;
  entityType: EntityType;
  /** Survivorship rules that collapse rows sharing an external id (null: the later non-empty value wins). */
  survivorship: SurvivorshipEntity | null;
  createRowSchema(rc: RowContext, options: RowSchemaOptions): { safeParse(input: MappedFields): RowResult<R> };
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
  /**
   * A batch resolves only against records of other streams and its own external ids (facts), so two
   * batches with no external id in common may merge at once (load-loop.ts). Parties match by keys
   * across batches (a tax id new in batch k is found by batch k+1): they merge one at a time.
   */
  independentBatches?: boolean;
  /**
   * A row the identity map holds exactly as it is (its fingerprint, known-rows.ts) can be counted
   * unchanged without being parsed: the target does nothing else with an unchanged row. Not
   * contacts: their account reference is resolved for every row, unchanged ones included, and an
   * unchanged contact whose account is gone is quarantined.
   */
  skipsKnownRows?: boolean;
  /**
   * The external id the row schema gives a row, when it can be read off the mapped cells without
   * parsing them (null: it cannot, e.g. an id derived from the tax id): the key a known row is
   * looked up by. Needed with `skipsKnownRows`. Read the fields it needs with `fieldOf`: a file
   * row then maps only those.
   */
  externalIdOf?(row: SourceRow): string | null;
  /** Once per run, after the last batch: references that may point forward in the file. */
  finalize(db: Knex, ctx: Omit<StageContext, 'stage'>): Promise<void>;
}

/**
 * Columns every staging table has, whatever the entity. One staging row per external id of the
 * batch: rows sharing one are collapsed into it (batch.ts), and `row_number` is its last row.
 */
export const COMMON_STAGE_COLUMNS = [
  ['row_number', 'integer NOT NULL'],
  ['new_id', 'uuid NOT NULL'], // the id the row gets if it turns out to be a new record
  ['external_id', 'text NOT NULL'],
  ['data_hash', 'text NOT NULL'],
  ['extras', 'jsonb NOT NULL'],
  ['row_hashes', 'text[] NOT NULL'], // each member row's hash, in row order
  ['row_numbers', 'integer[] NOT NULL'], // each member row's number
  ['members', 'jsonb'], // each member's payload, for groups of several rows only
  ['batch_rows', 'integer NOT NULL'], // how many rows of this batch the group holds (what it counts for)
  ['row_fingerprint', 'uuid'], // the source row's fingerprint (known-rows.ts), for a one-row group without warnings
] as const;

/** Filled by the resolve stage, not by COPY; NULL after it means a new record (see resolve-steps). */
export const RESOLUTION_COLUMNS = [
  ['crm_id', 'uuid'],
  ['prev_hash', 'text'],
  ['resolved_by', 'text'],
  ['action', 'text'],
  // The identity map's view of this external id, for re-collapsing a group (collapse-groups.ts).
  ['prev_members', 'jsonb'],
  ['prev_payload', 'jsonb'],
  ['prev_row_hashes', 'text[]'],
  ['regroup', 'boolean'],
] as const;
