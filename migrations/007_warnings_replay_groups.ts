/**
 * Real-world files (issue 8): a bad value costs that value, never the record; re-imports of files
 * with duplicate rows write nothing; summary rows are skipped and counted; quarantined rows can be
 * replayed.
 *
 * - `row_warnings`: a value dropped from a row that still loaded (an unparseable phone, a website
 *   cell saying "No", an unknown lookup label, a tax id with a bad checksum …): the run, the row,
 *   the field and the column it came from, the raw value and why.
 * - `accounts.tax_id_invalid`: a tax id a source gave that fails its checksum, kept as written and
 *   flagged; `tax_id` only ever holds validated ids, so the matcher never uses a bad one.
 * - `sync_runs`: `rows_skipped` (totals and footer rows) joins the counts that must add up;
 *   `warnings` and `rows_warned`; `replay_of_run_id` for a run that replays another's rejects.
 * - `rejected_rows`: reason `summary_row` with status `skipped`; `replayed_in_run_id`.
 * - `source_records.row_hashes` / `members`: the rows of one run that share an external id (the
 *   same customer twice in one export) form one source record; its payload is collapsed from all
 *   of them, and the row hashes let a re-import of the same file recognise every one of them as
 *   unchanged. `members` keeps each row's payload (only for such groups) so that one changed row
 *   is re-collapsed with the others instead of overwriting them.
 *
 * (Rows seen unchanged during a run live in a per-run UNLOGGED table the loader creates and drops:
 * activities/pipeline/seen-rows.ts.)
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.text('tax_id_invalid');
  });

  await knex.schema.createTable('row_warnings', (t) => {
    t.bigIncrements('id');
    t.bigInteger('sync_run_id').notNullable().references('id').inTable('sync_runs').onDelete('CASCADE');
    t.text('source_system_code').notNullable();
    t.text('entity_type').notNullable();
    t.text('external_id');
    t.integer('row_number');
    t.jsonb('place').notNullable(); // {file, sheet, row} or {page, offset}
    t.text('field').notNullable(); // canonical field whose value was dropped
    t.text('column'); // the source column(s) that fed it, as headed in the file
    t.text('raw_value');
    t.text('code').notNullable();
    t.text('message').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE INDEX row_warnings_run_idx ON row_warnings (sync_run_id, row_number)');

  await knex.schema.alterTable('sync_runs', (t) => {
    t.integer('rows_skipped').notNullable().defaultTo(0);
    t.integer('warnings').notNullable().defaultTo(0);
    t.integer('rows_warned').notNullable().defaultTo(0);
    t.bigInteger('replay_of_run_id').references('id').inTable('sync_runs');
  });
  await knex.raw('ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_counts_add_up');
  await knex.raw(`ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_counts_add_up
    CHECK (rows_read = rows_inserted + rows_updated + rows_unchanged + rows_rejected + rows_merged + rows_skipped)`);

  await knex.schema.alterTable('rejected_rows', (t) => {
    t.bigInteger('replayed_in_run_id').references('id').inTable('sync_runs').onDelete('SET NULL');
  });
  await knex.raw('ALTER TABLE rejected_rows DROP CONSTRAINT rejected_rows_status');
  await knex.raw(`ALTER TABLE rejected_rows ADD CONSTRAINT rejected_rows_status CHECK (status IN ('open','fixed','ignored','replayed','skipped'))`);
  await knex.raw('ALTER TABLE rejected_rows DROP CONSTRAINT rejected_rows_reason');
  await knex.raw(`ALTER TABLE rejected_rows ADD CONSTRAINT rejected_rows_reason CHECK (reason IN
    ('validation','unreadable_row','unknown_lookup','unmatched_account','ambiguous_match','missing_reference','duplicate_in_batch','summary_row'))`);

  await knex.schema.alterTable('source_records', (t) => {
    t.specificType('row_hashes', 'text[]');
    t.jsonb('members');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('source_records', (t) => {
    t.dropColumn('members');
    t.dropColumn('row_hashes');
  });
  await knex.raw(`DELETE FROM rejected_rows WHERE reason = 'summary_row' OR status = 'skipped'`);
  await knex.raw('ALTER TABLE rejected_rows DROP CONSTRAINT rejected_rows_reason');
  await knex.raw(`ALTER TABLE rejected_rows ADD CONSTRAINT rejected_rows_reason CHECK (reason IN
    ('validation','unreadable_row','unknown_lookup','unmatched_account','ambiguous_match','missing_reference','duplicate_in_batch'))`);
  await knex.raw('ALTER TABLE rejected_rows DROP CONSTRAINT rejected_rows_status');
  await knex.raw(`ALTER TABLE rejected_rows ADD CONSTRAINT rejected_rows_status CHECK (status IN ('open','fixed','ignored','replayed'))`);
  await knex.schema.alterTable('rejected_rows', (t) => {
    t.dropColumn('replayed_in_run_id');
  });
  await knex.raw('ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_counts_add_up');
  // Skipped rows were read: the older ledger knows no such count, so they count as rejected there.
  await knex.raw('UPDATE sync_runs SET rows_rejected = rows_rejected + rows_skipped');
  await knex.raw(`ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_counts_add_up
    CHECK (rows_read = rows_inserted + rows_updated + rows_unchanged + rows_rejected + rows_merged)`);
  await knex.schema.alterTable('sync_runs', (t) => {
    t.dropColumn('replay_of_run_id');
    t.dropColumn('rows_warned');
    t.dropColumn('warnings');
    t.dropColumn('rows_skipped');
  });
  await knex.schema.dropTableIfExists('row_warnings');
  await knex.schema.alterTable('accounts', (t) => {
    t.dropColumn('tax_id_invalid');
  });
}
