/**
 * Integration plumbing: where every CRM value comes from, and what each run did.
 *
 * - `source_systems`: the systems we read (an ERP, a shop, a spreadsheet family).
 * - `source_records`: the identity map (Odoo's ir.model.data, Salesforce external ids):
 *   (source system, entity type, external id) → CRM id, with the content hash that lets an
 *   unchanged row cost no write, the canonical payload this source last gave (lineage: which
 *   source says what), and the run and place it was last written from.
 * - `sync_runs`: one ledger row per run, with counts that must add up and the checkpoint
 *   (row offset or cursor) committed in the same transaction as the data.
 * - `rejected_rows`: the quarantine. A row is never dropped: it is loaded, unchanged, merged or
 *   here, with its raw values, its zod issues, its reason and its place.
 * - `sync_cursors`: incremental connectors' cursors (one per source system and entity).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('source_systems', (t) => {
    t.text('code').primary();
    t.text('label').notNullable();
    t.text('kind').notNullable();
    t.text('connector_code').notNullable();
    t.jsonb('config').notNullable().defaultTo('{}'); // never secrets
    t.text('base_currency');
    t.boolean('is_active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE source_systems ADD CONSTRAINT source_systems_code_format CHECK (code ~ '^[a-z][a-z0-9_]{1,62}$')`);
  await knex.raw(`ALTER TABLE source_systems ADD CONSTRAINT source_systems_kind CHECK (kind IN ('erp','accounting','ecommerce','analytics','logistics','crm','spreadsheet'))`);

  await knex.schema.createTable('sync_runs', (t) => {
    t.bigIncrements('id');
    t.text('source_system_code').notNullable().references('code').inTable('source_systems');
    t.text('entity_type').notNullable();
    t.text('mode').notNullable();
    t.boolean('dry_run').notNullable().defaultTo(false);
    t.text('workflow_id');
    t.text('temporal_run_id');
    t.text('file_name');
    t.text('file_sha256');
    t.bigint('file_size');
    t.text('sheet');
    t.jsonb('mapping'); // the mapping as applied (resolved from a file or proposed automatically)
    t.jsonb('options').notNullable().defaultTo('{}'); // locale, encoding, delimiter, header row …
    t.jsonb('cursor_from');
    t.jsonb('cursor_to');
    t.integer('checkpoint_row').notNullable().defaultTo(0); // last source row committed
    t.integer('rows_estimated');
    t.text('status').notNullable().defaultTo('running');
    t.integer('rows_read').notNullable().defaultTo(0);
    t.integer('rows_inserted').notNullable().defaultTo(0);
    t.integer('rows_updated').notNullable().defaultTo(0);
    t.integer('rows_unchanged').notNullable().defaultTo(0);
    t.integer('rows_rejected').notNullable().defaultTo(0);
    t.integer('rows_merged').notNullable().defaultTo(0);
    t.text('error');
    t.text('error_type');
    t.jsonb('phase_ms'); // where the load's time went (rows, copy, merge, waits): for operators and benchmarks
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['workflow_id', 'temporal_run_id']);
  });
  await knex.raw(`ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_status CHECK (status IN ('running','succeeded','partial','failed','cancelled'))`);
  await knex.raw(`ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_mode CHECK (mode IN ('file','full','incremental'))`);
  await knex.raw(`ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_entity CHECK (entity_type IN ('account','contact'))`);
  // Every row read is inserted, updated, unchanged, merged or rejected: the ledger cannot say otherwise.
  await knex.raw(`ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_counts_add_up
    CHECK (rows_read = rows_inserted + rows_updated + rows_unchanged + rows_rejected + rows_merged)`);
  await knex.raw('CREATE INDEX sync_runs_started_idx ON sync_runs (started_at DESC)');

  // The identity map takes one row per source record (millions): no foreign keys here, since each
  // costs a trigger query per written row; the importer writes only codes and runs it created.
  await knex.schema.createTable('source_records', (t) => {
    t.bigIncrements('id');
    t.text('source_system_code').notNullable();
    t.text('entity_type').notNullable();
    t.text('external_id').notNullable();
    t.uuid('crm_id').notNullable();
    t.text('data_hash').notNullable();
    t.jsonb('payload').notNullable(); // canonical values this source gave, as last seen
    t.text('resolved_by').notNullable(); // identity | tax_id | email | new | …: how the row found its CRM record
    t.timestamp('first_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.bigInteger('first_run_id');
    t.bigInteger('last_run_id');
    t.jsonb('last_place'); // {file, sheet, row} or {page, offset}
    t.unique(['source_system_code', 'entity_type', 'external_id']);
  });
  await knex.raw(`ALTER TABLE source_records ADD CONSTRAINT source_records_entity CHECK (entity_type IN ('account','contact'))`);
  await knex.raw('CREATE INDEX source_records_crm_idx ON source_records (entity_type, crm_id)');

  await knex.schema.createTable('rejected_rows', (t) => {
    t.bigIncrements('id');
    t.bigInteger('sync_run_id').notNullable().references('id').inTable('sync_runs').onDelete('CASCADE');
    t.text('source_system_code').notNullable();
    t.text('entity_type').notNullable();
    t.text('external_id');
    t.text('file_name');
    t.text('sheet');
    t.integer('row_number');
    t.jsonb('place').notNullable(); // {file, sheet, row} or {page, offset}
    t.jsonb('raw').notNullable(); // [[header, value], …] in file order: safe for any header, even "__proto__"
    t.jsonb('issues').notNullable().defaultTo('[]'); // zod issues: [{path, code, message}]
    t.text('reason').notNullable();
    t.text('status').notNullable().defaultTo('open');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('resolved_at', { useTz: true });
  });
  await knex.raw(`ALTER TABLE rejected_rows ADD CONSTRAINT rejected_rows_status CHECK (status IN ('open','fixed','ignored','replayed'))`);
  await knex.raw(`ALTER TABLE rejected_rows ADD CONSTRAINT rejected_rows_reason CHECK (reason IN ('validation','unreadable_row','unknown_lookup','unmatched_account','ambiguous_match','missing_reference','duplicate_in_batch'))`);
  await knex.raw('CREATE UNIQUE INDEX rejected_rows_place_key ON rejected_rows (sync_run_id, row_number) WHERE row_number IS NOT NULL');
  await knex.raw(`CREATE INDEX rejected_rows_open_idx ON rejected_rows (sync_run_id) WHERE status = 'open'`);

  await knex.schema.createTable('sync_cursors', (t) => {
    t.text('source_system_code').notNullable().references('code').inTable('source_systems');
    t.text('entity_type').notNullable();
    t.jsonb('cursor').notNullable();
    t.bigInteger('last_run_id').references('id').inTable('sync_runs');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['source_system_code', 'entity_type']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('sync_cursors');
  await knex.schema.dropTableIfExists('rejected_rows');
  await knex.schema.dropTableIfExists('source_records');
  await knex.schema.dropTableIfExists('sync_runs');
  await knex.schema.dropTableIfExists('source_systems');
}
