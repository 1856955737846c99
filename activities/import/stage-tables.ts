/**
 * Staging tables for one run: UNLOGGED (no WAL for rows we throw away), one per pipeline slot so
 * the COPY of batch k+1 can run while batch k is being merged (perf-anchors.md §3.5).
 */
import type { Knex } from 'knex';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { COMMON_STAGE_COLUMNS, RESOLUTION_COLUMNS, type ImportTarget } from './targets/import-target';

export function stageTableName(runId: number, slot: number): string {
  return `crmhub_stage_${Math.trunc(runId)}_${slot}`;
}

export async function createStageTable(db: Knex, name: string, target: ImportTarget<{ external_id: string }>): Promise<void> {
  const cols = [...COMMON_STAGE_COLUMNS, ...target.stageColumns, ...target.resolvedColumns, ...RESOLUTION_COLUMNS].map(([c, t]) => `${c} ${t}`).join(', ');
  await db.raw(`DROP TABLE IF EXISTS ${name}`);
  await db.raw(`CREATE UNLOGGED TABLE ${name} (${cols}, PRIMARY KEY (row_number)) WITH (autovacuum_enabled = false)`);
}

export async function dropStageTable(db: Knex, name: string): Promise<void> {
  await db.raw(`DROP TABLE IF EXISTS ${name}`);
}

export function copyColumns(target: ImportTarget<{ external_id: string }>): string[] {
  return [...COMMON_STAGE_COLUMNS, ...target.stageColumns].map(([c]) => c);
}

/** TRUNCATE then COPY the batch's encoded lines, on a connection of its own (autocommit). */
export async function copyIntoStage(db: Knex, table: string, columns: readonly string[], lines: readonly string[], analyze: readonly string[]): Promise<void> {
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
function* chunked(lines: readonly string[]): Generator<string> {
  for (let i = 0; i < lines.length; i += 4000) yield lines.slice(i, i + 4000).join('');
}
