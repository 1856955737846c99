/** A source's stream reader, by its connector. */
import type { Knex } from 'knex';
import { FileDropConfig } from '../../connectors/file-drop/config';
import { BadConfigurationError } from '../errors';
import { fileDropStreamReader, listNewFiles, type DroppedFile } from './readers/file-drop-reader';
import { sqlStreamReader } from './readers/sql-reader';
import type { StreamReader } from './readers/stream-reader';
import { SourceSettings, type SourceSystemRow } from './source-settings';

export async function loadSource(db: Knex, code: string): Promise<SourceSystemRow & { settings: SourceSettings }> {
  const row = await db('source_systems').where({ code }).first<SourceSystemRow | undefined>();
  if (!row) throw new BadConfigurationError(`no source "${code}": add it with crmhub source add ${code} --connector <id> --config <file.json>`);
  if (!row.is_active) throw new BadConfigurationError(`source "${code}" was removed (crmhub source add ${code} … to use it again)`);
  const settings = SourceSettings.safeParse(row.settings);
  if (!settings.success) throw new BadConfigurationError(`source "${code}" has invalid settings: ${settings.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { ...row, settings: settings.data };
}

/** The files a file-drop sync reads: listed once, when the sync is planned. */
export async function plannedFiles(db: Knex, source: SourceSystemRow): Promise<DroppedFile[]> {
  const read = new Set(await db('source_files').where({ source_system_code: source.code }).pluck('sha256'));
  return listNewFiles(FileDropConfig.parse(source.config), read);
}

export function openReader(source: SourceSystemRow, o: { env: Record<string, string | undefined>; files?: readonly DroppedFile[] }): StreamReader {
  if (source.connector_code === 'sql') return sqlStreamReader(source.config, o.env);
  if (source.connector_code === 'file-drop') return fileDropStreamReader(source.config, o.files ?? []);
  throw new BadConfigurationError(`source "${source.code}" uses connector "${source.connector_code}", which does not sync`);
}
