/**
 * Facts (issue 9): what a sales team segments on, synced from where it is born. A public contract:
 * users and rules query these tables by these names.
 *
 * Every fact row keeps `source_system_code` + `external_id` (unique together: the source's own key,
 * so a re-sync upserts instead of duplicating), `account_id` (→ accounts; a merge re-points it,
 * since merges find their foreign keys in the catalog), a content hash (`data_hash`: an unchanged
 * row costs no write), the run that last wrote it, and `updated_at`.
 *
 * Money is integer minor units of `currency` (ISO 4217), never a float. Business dates are `date`;
 * instants are `timestamptz`. Credit notes are stored negative, so `sum(total_gross_minor)` is
 * turnover. Lines copy their invoice's `issue_date` and `currency` (rules window and sum lines
 * without joining ten million of them to their invoices).
 *
 * `activities` (visits, calls, meetings) and `site_visits` are facts too: the segmentation rules
 * of issue 10 count them ("A clients visited less than planned").
 */
import type { Knex } from 'knex';

const FACT_ENTITIES = ['invoice', 'invoice_line', 'receivable', 'order', 'order_line', 'shipment', 'activity', 'site_visit'];
const ALL_ENTITIES = ['account', 'contact', ...FACT_ENTITIES];

function factColumns(t: Knex.CreateTableBuilder, knex: Knex): void {
  t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
  t.text('source_system_code').notNullable().references('code').inTable('source_systems');
  t.text('external_id').notNullable();
  t.uuid('account_id').notNullable().references('id').inTable('accounts');
}

function bookkeeping(t: Knex.CreateTableBuilder, knex: Knex): void {
  t.text('data_hash').notNullable();
  t.bigInteger('first_run_id');
  t.bigInteger('last_run_id');
  t.jsonb('last_place'); // {page, offset} of a sync, {file, row} of a file
  t.jsonb('extras').notNullable().defaultTo('{}');
  t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  t.unique(['source_system_code', 'external_id']);
}

async function check(knex: Knex, table: string, name: string, expr: string): Promise<void> {
  await knex.raw(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_${name} CHECK (${expr})`);
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('invoices', (t) => {
    factColumns(t, knex);
    t.text('number').notNullable();
    t.text('kind').notNullable();
    t.text('status').notNullable();
    t.date('issue_date').notNullable();
    t.date('due_date');
    t.text('currency').notNullable();
    t.bigInteger('total_net_minor');
    t.bigInteger('total_tax_minor');
    t.bigInteger('total_gross_minor').notNullable();
    t.text('corrects_external_id'); // the invoice a credit note or correction corrects, same source
    t.text('notes');
    bookkeeping(t, knex);
  });
  await check(knex, 'invoices', 'kind', "kind IN ('invoice','credit_note','deposit')");
  await check(knex, 'invoices', 'status', "status IN ('posted','paid','cancelled')");
  await check(knex, 'invoices', 'currency', "currency ~ '^[A-Z]{3}$'");
  await knex.raw('CREATE INDEX invoices_account_idx ON invoices (account_id, issue_date)');

  await knex.schema.createTable('invoice_lines', (t) => {
    factColumns(t, knex);
    t.uuid('invoice_id').notNullable().references('id').inTable('invoices').onDelete('CASCADE');
    t.integer('line_no').notNullable();
    t.text('product_code');
    t.text('product_family').references('code').inTable('product_families');
    t.text('description');
    t.decimal('quantity', 20, 6);
    t.bigInteger('net_minor');
    t.decimal('tax_rate', 7, 3);
    t.date('issue_date').notNullable(); // the invoice's
    t.text('currency').notNullable(); // the invoice's
    bookkeeping(t, knex);
  });
  await knex.raw('CREATE INDEX invoice_lines_invoice_idx ON invoice_lines (invoice_id)');
  await knex.raw('CREATE INDEX invoice_lines_account_idx ON invoice_lines (account_id, issue_date)');

  await knex.schema.createTable('receivables', (t) => {
    factColumns(t, knex);
    t.uuid('invoice_id').references('id').inTable('invoices').onDelete('SET NULL');
    t.text('document_number');
    t.date('issue_date');
    t.date('due_date');
    t.text('currency').notNullable();
    t.bigInteger('amount_due_minor').notNullable();
    t.text('status').notNullable().defaultTo('open');
    t.timestamp('settled_at', { useTz: true });
    t.timestamp('as_of', { useTz: true }).notNullable(); // when the source last said this
    bookkeeping(t, knex);
  });
  await check(knex, 'receivables', 'status', "status IN ('open','settled')");
  await check(knex, 'receivables', 'settled', "(status = 'settled') = (settled_at IS NOT NULL)");
  await knex.raw(`CREATE INDEX receivables_open_idx ON receivables (account_id, due_date) WHERE status = 'open'`);
  await knex.raw(`CREATE INDEX receivables_source_open_idx ON receivables (source_system_code) WHERE status = 'open'`);

  await knex.schema.createTable('orders', (t) => {
    factColumns(t, knex);
    t.uuid('contact_id').references('id').inTable('contacts');
    t.text('number').notNullable();
    t.text('channel').notNullable(); // web | sales | marketplace | phone | other
    t.text('status');
    t.timestamp('ordered_at', { useTz: true }).notNullable();
    t.text('currency').notNullable();
    t.bigInteger('total_gross_minor');
    bookkeeping(t, knex);
  });
  await check(knex, 'orders', 'channel', "channel ~ '^[a-z][a-z_]*$'");
  await knex.raw('CREATE INDEX orders_account_idx ON orders (account_id, ordered_at)');

  await knex.schema.createTable('order_lines', (t) => {
    factColumns(t, knex);
    t.uuid('order_id').notNullable().references('id').inTable('orders').onDelete('CASCADE');
    t.integer('line_no').notNullable();
    t.text('product_code');
    t.text('product_family').references('code').inTable('product_families');
    t.text('description');
    t.decimal('quantity', 20, 6);
    t.bigInteger('net_minor');
    t.text('currency').notNullable(); // the order's
    bookkeeping(t, knex);
  });
  await knex.raw('CREATE INDEX order_lines_order_idx ON order_lines (order_id)');
  await knex.raw('CREATE INDEX order_lines_account_idx ON order_lines (account_id)');

  await knex.schema.createTable('shipments', (t) => {
    factColumns(t, knex);
    t.text('number').notNullable();
    t.uuid('order_id').references('id').inTable('orders').onDelete('SET NULL');
    t.text('order_reference');
    t.text('carrier');
    t.text('tracking_number');
    t.text('status');
    t.timestamp('shipped_at', { useTz: true });
    t.timestamp('delivered_at', { useTz: true });
    bookkeeping(t, knex);
  });
  await knex.raw('CREATE INDEX shipments_account_idx ON shipments (account_id, shipped_at)');

  await knex.schema.createTable('activities', (t) => {
    factColumns(t, knex);
    t.uuid('contact_id').references('id').inTable('contacts');
    t.uuid('user_id').references('id').inTable('users'); // who visited, called or met
    t.text('kind').notNullable();
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.text('subject');
    t.text('outcome');
    bookkeeping(t, knex);
  });
  await check(knex, 'activities', 'kind', "kind IN ('visit','call','meeting','email','other')");
  await knex.raw('CREATE INDEX activities_account_idx ON activities (account_id, occurred_at)');

  await knex.schema.createTable('site_visits', (t) => {
    factColumns(t, knex);
    t.uuid('contact_id').references('id').inTable('contacts');
    t.timestamp('visited_at', { useTz: true }).notNullable();
    t.text('url');
    t.integer('duration_seconds');
    t.integer('page_views');
    bookkeeping(t, knex);
  });
  await knex.raw('CREATE INDEX site_visits_account_idx ON site_visits (account_id, visited_at)');

  // A source's crmhub-side settings (its default country and zone for values that carry none):
  // beside the connector's own config, which stays exactly as its descriptor validates it.
  await knex.schema.alterTable('source_systems', (t) => {
    t.jsonb('settings').notNullable().defaultTo('{}');
  });
  // Files a file-drop source has read, by content: each version of a file is read once.
  await knex.schema.createTable('source_files', (t) => {
    t.text('source_system_code').notNullable().references('code').inTable('source_systems').onDelete('CASCADE');
    t.text('sha256').notNullable();
    t.text('path').notNullable();
    t.bigInteger('first_run_id');
    t.timestamp('read_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['source_system_code', 'sha256']);
  });

  // The ledger and the quarantine speak of facts too.
  await knex.raw('ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_entity');
  await knex.raw(`ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_entity CHECK (entity_type IN (${ALL_ENTITIES.map((e) => `'${e}'`).join(',')}))`);
  await knex.raw('ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_mode');
  await knex.raw(`ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_mode CHECK (mode IN ('file','full','incremental','snapshot'))`);
  await knex.schema.alterTable('sync_runs', (t) => {
    t.integer('rows_settled').notNullable().defaultTo(0); // open receivables a snapshot no longer lists
    t.text('stream');
  });
  // A sync is one workflow run with one ledger row per stream.
  await knex.raw('ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_workflow_id_temporal_run_id_unique');
  await knex.raw('ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_workflow_stream_key UNIQUE NULLS NOT DISTINCT (workflow_id, temporal_run_id, stream)');
  await knex.raw('ALTER TABLE rejected_rows DROP CONSTRAINT rejected_rows_reason');
  await knex.raw(`ALTER TABLE rejected_rows ADD CONSTRAINT rejected_rows_reason CHECK (reason IN
    ('validation','unreadable_row','unknown_lookup','unmatched_account','ambiguous_match','missing_reference','duplicate_in_batch','summary_row',
     'missing_parent','unreadable_document','purchase_document'))`);
  await knex.raw(`CREATE INDEX rejected_rows_unmatched_idx ON rejected_rows (source_system_code, entity_type) WHERE status = 'open' AND reason IN ('unmatched_account','missing_parent')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('source_files');
  await knex.schema.alterTable('source_systems', (t) => {
    t.dropColumn('settings');
  });
  await knex.raw('DROP INDEX IF EXISTS rejected_rows_unmatched_idx');
  await knex.raw(`DELETE FROM rejected_rows WHERE reason IN ('missing_parent','unreadable_document','purchase_document')`);
  await knex.raw('ALTER TABLE rejected_rows DROP CONSTRAINT rejected_rows_reason');
  await knex.raw(`ALTER TABLE rejected_rows ADD CONSTRAINT rejected_rows_reason CHECK (reason IN
    ('validation','unreadable_row','unknown_lookup','unmatched_account','ambiguous_match','missing_reference','duplicate_in_batch','summary_row'))`);
  await knex.raw('ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_workflow_stream_key');
  await knex.raw(`DELETE FROM sync_runs WHERE stream IS NOT NULL`);
  await knex.raw('ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_workflow_id_temporal_run_id_unique UNIQUE (workflow_id, temporal_run_id)');
  await knex.schema.alterTable('sync_runs', (t) => {
    t.dropColumn('stream');
    t.dropColumn('rows_settled');
  });
  await knex.raw(`DELETE FROM sync_runs WHERE entity_type NOT IN ('account','contact')`);
  await knex.raw('ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_mode');
  await knex.raw(`ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_mode CHECK (mode IN ('file','full','incremental'))`);
  await knex.raw('ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_entity');
  await knex.raw(`ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_entity CHECK (entity_type IN ('account','contact'))`);
  for (const table of ['site_visits', 'activities', 'shipments', 'order_lines', 'orders', 'receivables', 'invoice_lines', 'invoices']) {
    await knex.schema.dropTableIfExists(table);
  }
}
