/**
 * The ordered list of migrations, given to knex as a migration source: no directory scan and no
 * runtime `require` of .ts files, so migrations run the same under tsx, vitest and a bundler.
 */
import type { Knex } from 'knex';
import * as m001 from './001_lookups_and_parties';
import * as m002 from './002_integration_plumbing';
import * as m003 from './003_seed_lookups';
import * as m004 from './004_contact_details';
import * as m005 from './005_entity_resolution';
import * as m006 from './006_import_match_summary';
import * as m007 from './007_warnings_replay_groups';
import * as m008 from './008_fact_tables';
import * as m009 from './009_console';
import * as m010 from './010_work_chunks';
import * as m011 from './011_segmentation';
import * as m012 from './012_block_keys_pending_list';
import * as m013 from './013_segment_incremental';
import * as m014 from './014_segment_pareto_cutoffs';
import * as m015 from './015_worker_truncates_segment_scratch';
import * as m016 from './016_match_block_keys';
import * as m017 from './017_segment_scratch_unlogged';
import * as m018 from './018_segment_hash_row_xmin';
import * as m019 from './019_segment_changed_columns';
import * as m020 from './020_source_records_by_run';
import * as m021 from './021_source_records_row_fingerprint';
import * as m022 from './022_match_decisions_not_duplicate';
import * as m023 from './023_lz4_for_large_jsonb';
import * as m024 from './024_block_keys_triggers_use_the_index';
import * as m025 from './025_block_keys_of_profiles_once_matched';
import * as m026 from './026_block_keys_unlogged';
import * as m027 from './027_block_keys_byte_order';
import * as m028 from './028_block_keys_key_first';
import * as m029 from './029_work_chunks_payload_json';
import * as m030 from './030_block_keys_by_hash';

interface Migration { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> }

const MIGRATIONS: [string, Migration][] = [
  ['001_lookups_and_parties', m001],
  ['002_integration_plumbing', m002],
  ['003_seed_lookups', m003],
  ['004_contact_details', m004],
  ['005_entity_resolution', m005],
  ['006_import_match_summary', m006],
  ['007_warnings_replay_groups', m007],
  ['008_fact_tables', m008],
  ['009_console', m009],
  ['010_work_chunks', m010],
  ['011_segmentation', m011],
  ['012_block_keys_pending_list', m012],
  ['013_segment_incremental', m013],
  ['014_segment_pareto_cutoffs', m014],
  ['015_worker_truncates_segment_scratch', m015],
  ['016_match_block_keys', m016],
  ['017_segment_scratch_unlogged', m017],
  ['018_segment_hash_row_xmin', m018],
  ['019_segment_changed_columns', m019],
  ['020_source_records_by_run', m020],
  ['021_source_records_row_fingerprint', m021],
  ['022_match_decisions_not_duplicate', m022],
  ['023_lz4_for_large_jsonb', m023],
  ['024_block_keys_triggers_use_the_index', m024],
  ['025_block_keys_of_profiles_once_matched', m025],
  ['026_block_keys_unlogged', m026],
  ['027_block_keys_byte_order', m027],
  ['028_block_keys_key_first', m028],
  ['029_work_chunks_payload_json', m029],
  ['030_block_keys_by_hash', m030],
];

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => MIGRATIONS.map(([name]) => name),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const found = MIGRATIONS.find(([n]) => n === name);
    if (!found) throw new Error(`unknown migration ${name}`);
    return found[1];
  },
};

export const MIGRATION_CONFIG: Knex.MigratorConfig = { migrationSource, tableName: 'crmhub_migrations' };

export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest(MIGRATION_CONFIG)) as [number, string[]];
  return applied;
}

export async function migrateRollbackAll(knex: Knex): Promise<string[]> {
  const [, rolledBack] = (await knex.migrate.rollback(MIGRATION_CONFIG, true)) as [number, string[]];
  return rolledBack;
}
