/**
 * The feature refresh (activities/segmentation/features.ts) empties three tables of its own with
 * TRUNCATE: a million-row DELETE would be slower and leave the tables bloated. Workers run as
 * crmhub_worker (deploy/postgres/crmhub-roles.sql), whose default privileges are row privileges
 * only, so a segmentation run as that role failed with "permission denied". The owner (who runs
 * the migrations) grants TRUNCATE on these three tables only, when the role exists; the roles
 * script grants it too, for a database migrated before the role was created.
 */
import type { Knex } from 'knex';

export const WORKER_TRUNCATED_TABLES = ['segment_changed_accounts', 'segment_account_features', 'segment_account_hashes'] as const;

/** `statement` when the crmhub_worker role exists (it is created by deploy/postgres/crmhub-roles.sql, not by the migrations). */
export const ifWorker = (statement: string) => `DO $$ BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'crmhub_worker') THEN ${statement}; END IF;
END $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(ifWorker(`GRANT TRUNCATE ON ${WORKER_TRUNCATED_TABLES.join(', ')} TO crmhub_worker`));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(ifWorker(`REVOKE TRUNCATE ON ${WORKER_TRUNCATED_TABLES.join(', ')} FROM crmhub_worker`));
}
