/**
 * The CRM core: lookups the business edits, users (account managers), accounts, contacts and
 * purchase potentials. See ../shared/reference/design-anchors.md part 2 for the model's anchors.
 *
 * Choices: accounts and contacts are separate tables (companies and people are segmented
 * differently); tax ids are normalized and indexed but NOT unique (subsidiaries, data errors —
 * the matcher decides); soft delete plus a merge tombstone (`deleted_at`, `merged_into_id`)
 * so merges can be undone; extras that no mapping claimed are kept in `extras jsonb`.
 */
import type { Knex } from 'knex';

export const LOOKUP_TABLES = [
  'contact_roles',
  'departments',
  'relationship_types',
  'industries',
  'zones',
  'account_categories',
  'product_families',
  'status_tiers',
] as const;

// Codes are `text` with a CHECK, not char(n): bpchar compared with text cannot use a text index
// (a join from a staging table once turned into a full index scan per row).
async function checkCode(knex: Knex, table: string, column: string, pattern: string): Promise<void> {
  await knex.raw(`ALTER TABLE ?? ADD CONSTRAINT ?? CHECK (?? ~ '${pattern}')`, [table, `${table}_${column}_format`, column]);
}

function timestamps(t: Knex.CreateTableBuilder, knex: Knex): void {
  t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
}

export async function up(knex: Knex): Promise<void> {
  for (const name of LOOKUP_TABLES) {
    await knex.schema.createTable(name, (t) => {
      t.text('code').primary();
      t.text('label').notNullable();
      t.integer('sort_order').notNullable().defaultTo(0);
      t.boolean('is_active').notNullable().defaultTo(true);
      // Labels in the languages of our users' files ("Cliente", "Klient", "Клиент"), so imports
      // resolve a value by code, label or synonym without a value map in every mapping.
      t.specificType('synonyms', 'text[]').notNullable().defaultTo('{}');
      if (name === 'zones' || name === 'industries') t.text('parent_code').references('code').inTable(name);
      if (name === 'account_categories') t.integer('target_visits_per_year');
      if (name === 'status_tiers') t.integer('rank');
      timestamps(t, knex);
    });
    await knex.raw(`ALTER TABLE ?? ADD CONSTRAINT ?? CHECK (code ~ '^[A-Za-z0-9_]+$')`, [name, `${name}_code_format`]);
  }

  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('full_name').notNullable();
    t.text('email');
    t.boolean('is_active').notNullable().defaultTo(true);
    timestamps(t, knex);
  });
  await knex.raw('CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE email IS NOT NULL');
  await knex.raw('CREATE INDEX users_name_idx ON users (lower(full_name))');

  await knex.schema.createTable('accounts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable();
    t.text('legal_name'); // the name as the source wrote it, legal form included
    t.text('legal_form');
    t.text('tax_id'); // compact, upper-case, without country prefix
    t.text('tax_id_country');
    t.text('tax_id_kind');
    t.text('website');
    t.text('domain'); // registrable domain (website, or a non-free-mail e-mail domain)
    t.text('email');
    t.specificType('additional_emails', 'text[]').notNullable().defaultTo('{}');
    t.text('phone'); // E.164
    t.specificType('additional_phones', 'text[]').notNullable().defaultTo('{}');
    t.text('street1');
    t.text('street2');
    t.text('postcode');
    t.text('city');
    t.text('region');
    t.text('country_code');
    t.text('relationship_type_code').references('code').inTable('relationship_types');
    t.text('category_code').references('code').inTable('account_categories');
    t.text('industry_code').references('code').inTable('industries');
    t.text('zone_code').references('code').inTable('zones');
    t.text('status_tier_code').references('code').inTable('status_tiers');
    t.uuid('account_manager_id').references('id').inTable('users');
    t.uuid('parent_account_id').references('id').inTable('accounts');
    t.text('notes');
    t.jsonb('extras').notNullable().defaultTo('{}');
    timestamps(t, knex);
    t.timestamp('deleted_at', { useTz: true });
    t.uuid('merged_into_id').references('id').inTable('accounts');
  });
  await checkCode(knex, 'accounts', 'tax_id_country', '^[A-Z]{2}$');
  await checkCode(knex, 'accounts', 'country_code', '^[A-Z]{2}$');
  await knex.raw('CREATE INDEX accounts_tax_id_idx ON accounts (tax_id_country, tax_id) WHERE tax_id IS NOT NULL AND deleted_at IS NULL');
  await knex.raw('CREATE INDEX accounts_domain_idx ON accounts (domain) WHERE domain IS NOT NULL AND deleted_at IS NULL');
  await knex.raw('CREATE INDEX accounts_parent_idx ON accounts (parent_account_id) WHERE parent_account_id IS NOT NULL');
  await knex.raw(`ALTER TABLE accounts ADD CONSTRAINT accounts_merge_tombstone CHECK (merged_into_id IS NULL OR deleted_at IS NOT NULL)`);

  await knex.schema.createTable('contacts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('account_id').references('id').inTable('accounts');
    t.text('first_name');
    t.text('last_name');
    t.text('job_title');
    t.text('role_code').references('code').inTable('contact_roles');
    t.text('department_code').references('code').inTable('departments');
    t.text('email'); // lower-case
    t.specificType('additional_emails', 'text[]').notNullable().defaultTo('{}');
    t.text('phone'); // E.164
    t.text('mobile'); // E.164
    t.specificType('additional_phones', 'text[]').notNullable().defaultTo('{}');
    t.boolean('email_opt_in');
    t.date('opt_in_date');
    t.boolean('is_active').notNullable().defaultTo(true);
    t.text('country_code');
    t.text('notes');
    t.jsonb('extras').notNullable().defaultTo('{}');
    timestamps(t, knex);
    t.timestamp('deleted_at', { useTz: true });
    t.uuid('merged_into_id').references('id').inTable('contacts');
  });
  await checkCode(knex, 'contacts', 'country_code', '^[A-Z]{2}$');
  await knex.raw('CREATE INDEX contacts_email_idx ON contacts (email) WHERE email IS NOT NULL AND deleted_at IS NULL');
  await knex.raw('CREATE INDEX contacts_account_idx ON contacts (account_id)');
  await knex.raw(`ALTER TABLE contacts ADD CONSTRAINT contacts_merge_tombstone CHECK (merged_into_id IS NULL OR deleted_at IS NOT NULL)`);
  await knex.raw(`ALTER TABLE contacts ADD CONSTRAINT contacts_has_identity CHECK (coalesce(first_name, last_name, email, phone, mobile) IS NOT NULL)`);

  await knex.schema.createTable('account_potentials', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('account_id').notNullable().references('id').inTable('accounts');
    t.text('product_family_code').references('code').inTable('product_families'); // null = all families
    t.smallint('year').notNullable();
    t.bigint('potential_micros').notNullable(); // money: micro units of currency_code, never a float
    t.text('currency_code').notNullable();
    t.text('source').notNullable().defaultTo('manual');
    timestamps(t, knex);
  });
  await knex.raw(`ALTER TABLE account_potentials ADD CONSTRAINT account_potentials_source CHECK (source IN ('manual','import','rule'))`);
  await knex.raw(`ALTER TABLE account_potentials ADD CONSTRAINT account_potentials_currency CHECK (currency_code ~ '^[A-Z]{3}$')`);
  await knex.raw(`ALTER TABLE account_potentials ADD CONSTRAINT account_potentials_year CHECK (year BETWEEN 1900 AND 2200)`);
  await knex.raw('ALTER TABLE account_potentials ADD CONSTRAINT account_potentials_key UNIQUE NULLS NOT DISTINCT (account_id, product_family_code, year)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('account_potentials');
  await knex.schema.dropTableIfExists('contacts');
  await knex.schema.dropTableIfExists('accounts');
  await knex.schema.dropTableIfExists('users');
  for (const name of [...LOOKUP_TABLES].reverse()) await knex.schema.dropTableIfExists(name);
}
