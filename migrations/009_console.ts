/**
 * The web console (issue 12): who may use it, their sessions, the uploads its import wizard works
 * on, the reviewers' decision log and an audit log of every state-changing action.
 *
 * - `console_users`: people who log in (not `users`, which are the CRM's account managers). A role
 *   says what they may do: `admin` manages sources and schedules, `reviewer` decides merges and
 *   approves imports, `viewer` reads. The password is an argon2id hash, never the password.
 * - `console_sessions`: one row per login; the cookie holds a random token, the table its SHA-256,
 *   so a leaked table does not log anyone in. Logging out or expiring deletes the row.
 * - `console_uploads`: a file received by the wizard (stored under a random name), its SHA-256 and
 *   the `importWizard` workflow that owns it; `inspection` is what the reader saw (sheets, headers,
 *   sample values, the proposed mapping with a confidence and a reason per column).
 * - `review_decisions`: each accept/reject/skip with who, the model version it was scored with
 *   and a snapshot of the scores, so a decision is also a training label.
 * - `console_audit`: approve, merge, reject, undo, replay, ignore, sync, pause … with the actor.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('console_users', (t) => {
    t.bigIncrements('id');
    t.text('email').notNullable();
    t.text('role').notNullable();
    t.text('password_hash').notNullable();
    t.boolean('is_active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE UNIQUE INDEX console_users_email_key ON console_users (lower(email))');
  await knex.raw(`ALTER TABLE console_users ADD CONSTRAINT console_users_role CHECK (role IN ('admin','reviewer','viewer'))`);

  await knex.schema.createTable('console_sessions', (t) => {
    t.text('token_sha256').primary();
    t.bigInteger('user_id').notNullable().references('id').inTable('console_users').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
  });
  await knex.raw('CREATE INDEX console_sessions_user_idx ON console_sessions (user_id)');

  await knex.schema.createTable('console_uploads', (t) => {
    t.uuid('id').primary();
    t.text('original_name').notNullable(); // shown, never used to build a path
    t.text('stored_path').notNullable();
    t.text('file_sha256').notNullable();
    t.bigInteger('file_size').notNullable();
    t.text('format').notNullable(); // csv | xlsx | ods | xls, from magic bytes
    t.text('entity').notNullable();
    t.text('source_system_code').notNullable();
    t.text('workflow_id').notNullable().unique();
    t.jsonb('inspection');
    t.bigInteger('uploaded_by').references('id').inTable('console_users').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE console_uploads ADD CONSTRAINT console_uploads_entity CHECK (entity IN ('accounts','contacts'))`);
  await knex.raw('CREATE INDEX console_uploads_created_idx ON console_uploads (created_at DESC)');

  await knex.schema.createTable('review_decisions', (t) => {
    t.bigIncrements('id');
    t.bigInteger('review_id').notNullable().references('id').inTable('review_queue').onDelete('CASCADE');
    t.text('decision').notNullable();
    t.text('actor').notNullable();
    t.text('model_version').notNullable();
    t.double('probability').notNullable();
    t.jsonb('scores').notNullable(); // the ScoredPair as shown
    t.bigInteger('merge_id').references('id').inTable('merge_history');
    t.timestamp('decided_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE review_decisions ADD CONSTRAINT review_decisions_decision CHECK (decision IN ('accept','reject','skip'))`);
  await knex.raw('CREATE INDEX review_decisions_review_idx ON review_decisions (review_id)');

  await knex.schema.createTable('console_audit', (t) => {
    t.bigIncrements('id');
    t.text('actor').notNullable();
    t.text('action').notNullable();
    t.text('subject').notNullable();
    t.jsonb('detail').notNullable().defaultTo('{}');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE INDEX console_audit_at_idx ON console_audit (at DESC)');
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['console_audit', 'review_decisions', 'console_uploads', 'console_sessions', 'console_users']) {
    await knex.schema.dropTableIfExists(table);
  }
}
