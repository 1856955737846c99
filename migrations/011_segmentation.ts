/**
 * Segmentation (issue 10): rules as versioned data, runs, membership history with evidence,
 * per-account features (recomputed for the dirty set) and volatile scores on account_metrics.
 *
 * - `segment_rule_versions` are immutable: a rule edit is a new version (definition, compiled SQL
 *   and its hash, thresholds frozen at save time such as RFM breakpoints).
 * - `segment_memberships` is SCD-2: one open row per (rule, account) (`left_at IS NULL`); a value
 *   change (tier move, status change) closes the row and opens another, with `transition`.
 * - Derived tables (memberships, metrics, features) have no foreign key to accounts on purpose:
 *   a merge re-points every foreign key it finds, and history must stay with the account it
 *   describes. The absorbed account's rows close at the next run (left_reason entity_merged).
 * - Facts already exist (008); here they gain `updated_at` indexes for the dirty set.
 * - The admin SQL mode reads the `seg` views only, as role `crmhub_seg_reader` (NOLOGIN, no
 *   other grants). Roles are cluster-wide: created once, granted per database.
 */
import type { Knex } from 'knex';

export const SEG_READER_ROLE = 'crmhub_seg_reader';

const FACT_TABLES = ['invoices', 'invoice_lines', 'receivables', 'orders', 'order_lines', 'shipments', 'activities', 'site_visits'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('segment_rules', (t) => {
    t.increments('id');
    t.text('code').notNullable().unique();
    t.text('name').notNullable();
    t.text('kind').notNullable();
    t.boolean('is_enabled').notNullable().defaultTo(true);
    t.integer('current_version').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE segment_rules ADD CONSTRAINT segment_rules_kind CHECK (kind IN ('tag','tier','score','status'))`);

  await knex.schema.createTable('segment_rule_versions', (t) => {
    t.integer('rule_id').notNullable().references('id').inTable('segment_rules').onDelete('CASCADE');
    t.integer('version').notNullable();
    t.text('mode').notNullable();
    t.jsonb('definition').notNullable(); // as validated, thresholds frozen in (RFM breakpoints)
    t.text('compiled_sql').notNullable();
    t.text('sql_hash').notNullable();
    t.text('created_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['rule_id', 'version']);
  });
  await knex.raw(`ALTER TABLE segment_rule_versions ADD CONSTRAINT segment_rule_versions_mode CHECK (mode IN ('ast','sql'))`);

  // One workflow pass over all enabled rules.
  await knex.schema.createTable('segment_passes', (t) => {
    t.bigIncrements('id');
    t.text('workflow_id');
    t.text('temporal_run_id');
    t.text('trigger').notNullable();
    t.date('as_of').notNullable();
    t.text('timezone').notNullable();
    t.text('status').notNullable().defaultTo('running');
    t.text('features_mode'); // full | dirty
    t.integer('dirty_accounts');
    t.integer('features_ms');
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true });
  });
  await knex.raw(`ALTER TABLE segment_passes ADD CONSTRAINT segment_passes_status CHECK (status IN ('running','succeeded','partial','failed'))`);

  await knex.schema.createTable('segment_runs', (t) => {
    t.bigIncrements('id');
    t.bigInteger('pass_id').references('id').inTable('segment_passes');
    t.integer('rule_id').notNullable().references('id').inTable('segment_rules').onDelete('CASCADE');
    t.integer('rule_version').notNullable();
    t.date('as_of').notNullable();
    t.text('trigger').notNullable();
    t.text('status').notNullable().defaultTo('running');
    t.integer('candidates_count');
    t.integer('entered_count');
    t.integer('left_count');
    t.integer('kept_count');
    t.integer('changed_count'); // value changes: tier moves, status changes
    t.integer('promoted_count');
    t.integer('demoted_count');
    t.text('error');
    t.jsonb('timings');
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true });
  });
  await knex.raw(`ALTER TABLE segment_runs ADD CONSTRAINT segment_runs_status CHECK (status IN ('running','succeeded','failed'))`);
  await knex.raw(`ALTER TABLE segment_runs ADD CONSTRAINT segment_runs_trigger CHECK (trigger IN ('schedule','manual','definition_change','backfill'))`);
  await knex.raw(`ALTER TABLE segment_passes ADD CONSTRAINT segment_passes_trigger CHECK (trigger IN ('schedule','manual','definition_change','backfill'))`);
  await knex.raw('CREATE INDEX segment_runs_rule_idx ON segment_runs (rule_id, id DESC)');

  await knex.schema.createTable('segment_memberships', (t) => {
    t.bigIncrements('id');
    t.integer('rule_id').notNullable().references('id').inTable('segment_rules').onDelete('CASCADE');
    t.uuid('account_id').notNullable(); // no foreign key: merges must not re-point history (see above)
    t.text('value'); // tier / band / status code; null for a tag
    t.integer('rule_version').notNullable();
    t.bigInteger('entered_run_id').notNullable().references('id').inTable('segment_runs');
    t.date('entered_on').notNullable();
    t.timestamp('entered_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.jsonb('evidence').notNullable().defaultTo('{}');
    t.text('previous_value');
    t.text('transition'); // promotion | demotion | change
    t.date('last_qualified_on'); // tiers: last run at which the data met this tier (at_period_end)
    t.bigInteger('left_run_id').references('id').inTable('segment_runs');
    t.date('left_on');
    t.timestamp('left_at', { useTz: true });
    t.text('left_reason');
  });
  await knex.raw(`ALTER TABLE segment_memberships ADD CONSTRAINT segment_memberships_left_reason CHECK (left_reason IN ('no_match','value_changed','rule_changed','rule_disabled','entity_merged','override'))`);
  await knex.raw(`ALTER TABLE segment_memberships ADD CONSTRAINT segment_memberships_transition CHECK (transition IN ('promotion','demotion','change'))`);
  await knex.raw('CREATE UNIQUE INDEX segment_memberships_open_key ON segment_memberships (rule_id, account_id) WHERE left_at IS NULL');
  await knex.raw('CREATE INDEX segment_memberships_account_idx ON segment_memberships (account_id, entered_at)');
  await knex.raw('CREATE INDEX segment_memberships_left_run_idx ON segment_memberships (left_run_id) WHERE left_run_id IS NOT NULL');
  await knex.raw('CREATE INDEX segment_memberships_entered_run_idx ON segment_memberships (entered_run_id)');

  // Volatile numbers (scores, RFM, CLV): one row per (account, rule), overwritten, not history.
  await knex.schema.createTable('account_metrics', (t) => {
    t.uuid('account_id').notNullable();
    t.integer('rule_id').notNullable().references('id').inTable('segment_rules').onDelete('CASCADE');
    t.decimal('value', 20, 6);
    t.jsonb('components');
    t.bigInteger('run_id').notNullable();
    t.date('as_of').notNullable();
    t.primary(['account_id', 'rule_id']);
  });


  await knex.schema.createTable('segment_account_features', (t) => {
    t.uuid('account_id').primary();
    t.date('as_of').notNullable();
    t.bigInteger('turnover_12m_minor').notNullable().defaultTo(0);
    t.bigInteger('turnover_36m_minor').notNullable().defaultTo(0);
    t.integer('invoice_days_12m').notNullable().defaultTo(0);
    t.integer('invoice_days_36m').notNullable().defaultTo(0);
    t.date('first_invoice_on');
    t.date('last_invoice_on');
    t.integer('orders_12m').notNullable().defaultTo(0);
    t.integer('visits_12m').notNullable().defaultTo(0);
    t.integer('activities_90d').notNullable().defaultTo(0);
    t.integer('site_visits_90d').notNullable().defaultTo(0);
    t.bigInteger('open_receivables_minor').notNullable().defaultTo(0);
    t.bigInteger('overdue_60_minor').notNullable().defaultTo(0);
    // The first date on which a fact leaves a window or a receivable crosses 60 days overdue: the
    // account is dirty again that day even if no fact changes.
    t.date('recompute_on');
    t.timestamp('computed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE INDEX segment_account_features_recompute_idx ON segment_account_features (recompute_on)');
  // The high-water mark of fact changes the features have seen.
  await knex.schema.createTable('segment_feature_state', (t) => {
    t.integer('id').primary();
    t.date('as_of').notNullable();
    t.text('currency').notNullable();
    t.text('timezone').notNullable();
    t.timestamp('facts_seen_until', { useTz: true }).notNullable();
  });
  await knex.raw('ALTER TABLE segment_feature_state ADD CONSTRAINT segment_feature_state_one CHECK (id = 1)');

  for (const table of FACT_TABLES) await knex.raw(`CREATE INDEX ${table}_updated_idx ON ${table} (updated_at)`);

  // The admin SQL mode's contract: security-barrier views in schema seg.
  await knex.raw('CREATE SCHEMA IF NOT EXISTS seg'); // survives a test database's DROP SCHEMA public CASCADE, empty
  const views: Record<string, string> = {
    accounts: `SELECT id, name, country_code, city, category_code, zone_code, industry_code, relationship_type_code, status_tier_code, account_manager_id, parent_account_id, created_at
                 FROM public.accounts WHERE deleted_at IS NULL`,
    features: 'SELECT * FROM public.segment_account_features',
    invoices: `SELECT account_id, number, kind, status, issue_date, due_date, currency, total_net_minor, total_gross_minor FROM public.invoices`,
    invoice_lines: 'SELECT account_id, invoice_id, product_code, product_family, quantity, net_minor, issue_date, currency FROM public.invoice_lines',
    receivables: 'SELECT account_id, document_number, issue_date, due_date, currency, amount_due_minor, status FROM public.receivables',
    orders: 'SELECT account_id, number, channel, status, ordered_at, currency, total_gross_minor FROM public.orders',
    order_lines: 'SELECT account_id, order_id, product_code, product_family, quantity, net_minor, currency FROM public.order_lines',
    shipments: 'SELECT account_id, number, carrier, status, shipped_at, delivered_at FROM public.shipments',
    activities: 'SELECT account_id, user_id, kind, occurred_at, outcome FROM public.activities',
    site_visits: 'SELECT account_id, visited_at, url, duration_seconds, page_views FROM public.site_visits',
    contacts: 'SELECT id, account_id, role_code, department_code, email_opt_in, is_active FROM public.contacts WHERE deleted_at IS NULL',
    // The run's as-of date, set by the run (SET LOCAL crmhub.as_of), never now().
    context: `SELECT current_setting('crmhub.as_of', true)::date AS as_of`,
  };
  for (const [name, body] of Object.entries(views)) await knex.raw(`CREATE OR REPLACE VIEW seg.${name} WITH (security_barrier) AS ${body}`);
  // In production the migrator (crmhub_owner) may not create roles: deploy/postgres/crmhub-roles.sql,
  // run once by a superuser, creates this one and makes the workers' role a member. Here it is
  // created only when missing, and a migrator without CREATEROLE is told what to run.
  await knex.raw(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${SEG_READER_ROLE}') THEN
        BEGIN
          CREATE ROLE ${SEG_READER_ROLE} NOLOGIN;
        EXCEPTION WHEN insufficient_privilege THEN
          RAISE EXCEPTION 'role ${SEG_READER_ROLE} is missing and % may not create roles: run deploy/postgres/crmhub-roles.sql as a superuser, then crmhub migrate again', current_user;
        END;
      END IF;
    END $$`);
  // The application's own user switches to the role with SET LOCAL ROLE: it must be a member. A
  // migrator that may not grant it leaves that to the roles script (which grants it to crmhub_worker).
  await knex.raw(`DO $$ BEGIN
      IF NOT pg_has_role(current_user, '${SEG_READER_ROLE}', 'MEMBER') THEN
        BEGIN
          EXECUTE format('GRANT ${SEG_READER_ROLE} TO %I', current_user);
        EXCEPTION WHEN insufficient_privilege THEN
          RAISE NOTICE '% is not a member of ${SEG_READER_ROLE}: the roles script grants it to the workers', current_user;
        END;
      END IF;
    END $$`);
  await knex.raw(`GRANT USAGE ON SCHEMA seg TO ${SEG_READER_ROLE}`);
  await knex.raw(`GRANT SELECT ON ALL TABLES IN SCHEMA seg TO ${SEG_READER_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP SCHEMA IF EXISTS seg CASCADE');
  for (const table of FACT_TABLES) await knex.raw(`DROP INDEX IF EXISTS ${table}_updated_idx`);
  for (const t of ['segment_feature_state', 'segment_account_features', 'account_metrics', 'segment_memberships', 'segment_runs', 'segment_passes', 'segment_rule_versions', 'segment_rules']) {
    await knex.schema.dropTableIfExists(t);
  }
}
