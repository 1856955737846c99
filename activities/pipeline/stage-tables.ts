/**
 * Staging tables for one run: UNLOGGED (no WAL for rows we throw away), one per pipeline slot so
 * the COPY of batch k+1 can run while batch k is being merged (perf-anchors.md §3.5).
 */
import type { Knex } from 'knex';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { COMMON_STAGE_COLUMNS, RESOLUTION_COLUMNS, type EntityTarget } from './targets/entity-target';

/**
 * One name per run, load attempt and slot: an attempt that Temporal superseded (its worker was
 * slow, not dead) keeps its own tables, so it cannot empty or fill the tables its retry works in.
 */
export function stageTableName(runId: number, attempt: number, slot: number): string {
  return `crmhub_stage_${Math.trunc(runId)}_${Math.trunc(attempt)}_${slot}`;
}

/** Every staging table of a run, whichever attempt made it (dropped when the run ends). */
export async function dropStageTablesOfRun(db: Knex, runId: number): Promise<void> {
  const { rows } = await db.raw<{ rows: { name: string }[] }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname ~ ?`,
    [`^crmhub_stage_${Math.trunc(runId)}_[0-9]+_[0-9]+$`],
  );
  for (const r of rows) await dropStageTable(db, r.name);
}

export async function createStageTable(db: Knex, name: string, target: EntityTarget<{ external_id: string }>): Promise<void> {
  const cols = [...COMMON_STAGE_COLUMNS, ...target.stageColumns, ...target.resolvedColumns, ...RESOLUTION_COLUMNS].map(([c, t]) => `${c} ${t}`).join(', ');
  await db.raw(`DROP TABLE IF EXISTS ${name}`);
  await db.raw(`CREATE UNLOGGED TABLE ${name} (${cols}, PRIMARY KEY (row_number)) WITH (autovacuum_enabled = false)`);
}

export async function dropStageTable(db: Knex, name: string): Promise<void> {
  await db.raw(`DROP TABLE IF EXISTS ${name}`);
}

export function copyColumns(target: EntityTarget<{ external_id: string }>): string[] {
  return [...COMMON_STAGE_COLUMNS, ...target.stageColumns].map(([c]) => c);
}

/** TRUNCATE then COPY the batch's encoded lines, on a connection of its own (autocommit). */
export async function copyIntoStage(db: Knex, table: string, columns: readonly string[], lines: Iterable<string>, analyze: readonly string[]): Promise<void> {
  const client = (await db.client.acquireConnection()) as PoolClient;
  try {
    await client.query(`TRUNCATE ${table}`);
    const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    await pipeline(Readable.from(chunked(lines)), stream);
    // Statistics for the join keys only: the resolve joins are then planned for this batch's real
    // size (an unanalyzed table once made the planner pick a nested loop over the whole CRM).
    await client.query(`ANALYZE ${table} (${['row_number', 'external_id', ...analyze].join(', ')})`);
  } finally {
    await db.client.releaseConnection(client);
  }
}

/** ~4,000-line writes: fewer stream round trips than one write per row, and flat strings. */
function* chunked(lines: Iterable<string>): Generator<string> {
  let chunk: string[] = [];
  for (const line of lines) {
    chunk.push(line);
    if (chunk.length === 4000) {
      yield chunk.join('');
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk.join('');
}
