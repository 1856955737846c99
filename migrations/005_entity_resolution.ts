/**
 * Entity resolution and reversible merges (issue 4).
 *
 * - `merge_history`: one row per merge, with the before-image of every row it changed, so
 *   `crmhub unmerge` restores exactly what was there (undo is a new fact, never a delete).
 * - `match_decisions`: remembered pair decisions (a < b), so a pair a person rejected (or an
 *   unmerge) is never proposed again, and an accepted one is never asked twice.
 * - `review_queue`: pairs between the two thresholds, waiting for a person.
 * - `match_profiles`: each live record's normalized comparison values and blocking keys; the GIN
 *   index on `block_keys` is the incremental candidate search (`block_keys && $keys`).
 * - `match_models`: the trained Fellegi–Sunter model per entity (m/u, prior, term frequencies).
 * - `user_edited_fields`: business columns a person changed in the CRM. A trigger fills it for any
 *   UPDATE not made by crmhub (crmhub's own transactions `SET LOCAL crmhub.writer = 'crmhub'`):
 *   that is how an edit from a CRM UI or psql is recognised, without each client cooperating.
 *
 * `entity_type` here is 'accounts' | 'contacts' (the matcher's MatchEntity and the table name);
 * the older `source_records`/`sync_runs` use the singular 'account' | 'contact'.
 */
import type { Knex } from 'knex';

const ENTITY_CHECK = "entity_type IN ('accounts','contacts')";

/** Columns that are bookkeeping, not business values: never counted as a user edit. */
const NOT_BUSINESS = ['id', 'created_at', 'updated_at', 'deleted_at', 'merged_into_id', 'user_edited_fields'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('merge_history', (t) => {
    t.bigIncrements('id');
    t.text('entity_type').notNullable();
    t.uuid('survivor_id').notNullable();
    t.specificType('absorbed_ids', 'uuid[]').notNullable();
    t.text('rule').notNullable(); // what decided: 'same_tax_id', 'score>=0.99', 'review', 'manual' …
    t.text('decided_by').notNullable(); // 'auto' | 'review:<user>' | 'user:<name>'
    t.jsonb('scores').notNullable().defaultTo('[]'); // ScoredPair[]: weights and per-field contributions
    t.jsonb('before_images').notNullable(); // { table: [row as to_jsonb, exactly as it was] }
    t.jsonb('changes').notNullable().defaultTo('[]'); // [{table, pk, column, old, new}] and deletions
    t.jsonb('lineage'); // which source record each golden field of the survivor came from
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('undone_at', { useTz: true });
    t.text('undone_by');
    t.bigInteger('undo_of').references('id').inTable('merge_history'); // reserved: a merge that re-applies an undone one
  });
  await knex.raw(`ALTER TABLE merge_history ADD CONSTRAINT merge_history_entity CHECK (${ENTITY_CHECK})`);
  await knex.raw('ALTER TABLE merge_history ADD CONSTRAINT merge_history_absorbed CHECK (cardinality(absorbed_ids) > 0 AND NOT (survivor_id = ANY (absorbed_ids)))');
  await knex.raw('CREATE INDEX merge_history_survivor_idx ON merge_history (entity_type, survivor_id)');
  await knex.raw('CREATE INDEX merge_history_absorbed_idx ON merge_history USING gin (absorbed_ids)');

  await knex.schema.createTable('match_decisions', (t) => {
    t.bigIncrements('id');
    t.text('entity_type').notNullable();
    t.uuid('record_a').notNullable();
    t.uuid('record_b').notNullable();
    t.text('decision').notNullable();
    t.text('reason');
    t.text('decided_by').notNullable();
    t.timestamp('decided_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.bigInteger('merge_id').references('id').inTable('merge_history');
    t.unique(['entity_type', 'record_a', 'record_b']);
  });
  await knex.raw(`ALTER TABLE match_decisions ADD CONSTRAINT match_decisions_entity CHECK (${ENTITY_CHECK})`);
  await knex.raw('ALTER TABLE match_decisions ADD CONSTRAINT match_decisions_order CHECK (record_a < record_b)');
  await knex.raw(`ALTER TABLE match_decisions ADD CONSTRAINT match_decisions_decision CHECK (decision IN ('not_duplicate','duplicate'))`);

  await knex.schema.createTable('review_queue', (t) => {
    t.bigIncrements('id');
    t.text('entity_type').notNullable();
    t.uuid('record_a').notNullable();
    t.uuid('record_b').notNullable();
    t.double('probability').notNullable();
    t.double('weight').notNullable();
    t.jsonb('explanation').notNullable(); // the ScoredPair: evidence and per-field contributions
    t.text('status').notNullable().defaultTo('pending');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('decided_at', { useTz: true });
    t.text('decided_by');
    t.bigInteger('merge_id').references('id').inTable('merge_history');
  });
  await knex.raw(`ALTER TABLE review_queue ADD CONSTRAINT review_queue_entity CHECK (${ENTITY_CHECK})`);
  await knex.raw('ALTER TABLE review_queue ADD CONSTRAINT review_queue_order CHECK (record_a < record_b)');
  await knex.raw(`ALTER TABLE review_queue ADD CONSTRAINT review_queue_status CHECK (status IN ('pending','accepted','rejected','superseded'))`);
  await knex.raw(`CREATE UNIQUE INDEX review_queue_pending_key ON review_queue (entity_type, record_a, record_b) WHERE status = 'pending'`);
  await knex.raw(`CREATE INDEX review_queue_list_idx ON review_queue (entity_type, probability DESC, id) WHERE status = 'pending'`);
  await knex.raw('CREATE INDEX review_queue_b_idx ON review_queue (record_b)');

  await knex.schema.createTable('match_profiles', (t) => {
    t.text('entity_type').notNullable();
    t.uuid('record_id').notNullable();
    t.jsonb('profile').notNullable(); // the MatchRecord
    t.specificType('block_keys', 'text[]').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['entity_type', 'record_id']);
  });
  await knex.raw(`ALTER TABLE match_profiles ADD CONSTRAINT match_profiles_entity CHECK (${ENTITY_CHECK})`);
  await knex.raw('CREATE INDEX match_profiles_block_keys_idx ON match_profiles USING gin (block_keys)');

  await knex.schema.createTable('match_models', (t) => {
    t.text('entity_type').primary();
    t.jsonb('model').notNullable();
    t.timestamp('trained_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('record_count').notNullable();
  });
  await knex.raw(`ALTER TABLE match_models ADD CONSTRAINT match_models_entity CHECK (${ENTITY_CHECK})`);

  for (const table of ['accounts', 'contacts']) {
    await knex.raw(`ALTER TABLE ?? ADD COLUMN user_edited_fields text[] NOT NULL DEFAULT '{}'`, [table]);
  }
  // Compares OLD and NEW as jsonb, so columns added by later migrations are tracked without
  // touching this function.
  await knex.raw(`
    CREATE FUNCTION crmhub_track_user_edits() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.user_edited_fields := ARRAY(
        SELECT DISTINCT f FROM (
          SELECT unnest(NEW.user_edited_fields) AS f
          UNION
          SELECT n.key FROM jsonb_each(to_jsonb(NEW)) n JOIN jsonb_each(to_jsonb(OLD)) o USING (key)
           WHERE n.value IS DISTINCT FROM o.value
             AND n.key <> ALL (ARRAY[${NOT_BUSINESS.map((c) => `'${c}'`).join(', ')}])
        ) x ORDER BY f);
      RETURN NEW;
    END $$`);
  for (const table of ['accounts', 'contacts']) {
    // The WHEN clause keeps crmhub's own bulk writes free of any per-row function call.
    await knex.raw(`CREATE TRIGGER ${table}_user_edits BEFORE UPDATE ON ${table} FOR EACH ROW
      WHEN (current_setting('crmhub.writer', true) IS DISTINCT FROM 'crmhub')
      EXECUTE FUNCTION crmhub_track_user_edits()`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['accounts', 'contacts']) {
    await knex.raw(`DROP TRIGGER IF EXISTS ${table}_user_edits ON ${table}`);
    await knex.raw(`ALTER TABLE ?? DROP COLUMN IF EXISTS user_edited_fields`, [table]);
  }
  await knex.raw('DROP FUNCTION IF EXISTS crmhub_track_user_edits()');
  await knex.schema.dropTableIfExists('match_models');
  await knex.schema.dropTableIfExists('match_profiles');
  await knex.schema.dropTableIfExists('review_queue');
  await knex.schema.dropTableIfExists('match_decisions');
  await knex.schema.dropTableIfExists('merge_history');
}
