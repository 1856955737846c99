/**
 * Durable to-do lists of long matching jobs (issue 8 §6): an import's match stage and a whole-CRM
 * dedupe are cut into chunks written here before any of them runs. A chunk is done when the
 * transaction that applied its merges marks it done, so an activity retried after its worker died
 * skips what is done and redoes only the chunk it was in: a dead worker costs at most one chunk
 * plus the heartbeat timeout, and the totals (summed from the chunks' results) stay exact.
 *
 * `job` names the job: `import-match:<run id>` or `dedupe:<workflow id>`. Chunk -1 is the job's
 * header (what its preparation produced: a dedupe's summary, an import's recomputed records).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('work_chunks', (t) => {
    t.text('job').notNullable();
    t.integer('chunk_no').notNullable();
    t.jsonb('payload').notNullable();
    t.jsonb('result');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('done_at', { useTz: true });
    t.primary(['job', 'chunk_no']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('work_chunks');
}
