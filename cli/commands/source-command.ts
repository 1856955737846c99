/**
 * `crmhub source add|list|show|test|remove`: the systems crmhub syncs from. A source's config is
 * its connector's (validated as the descriptor says) and never holds a secret: it names the
 * environment variable that does (`"urlEnv": "ERP_DATABASE_URL"`), read by whoever reads the
 * source (this command for `test`, the workers for syncs).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { connectorById } from '../../connectors/registry';
import { parseJsonText } from '../../domain/mapping';
import { plannedFiles, loadSource, openReader } from '../../activities/sync/open-reader';
import { parseConnectorConfig, SourceSettings, SYNC_CONNECTORS } from '../../activities/sync/source-settings';
import { BadConfigurationError } from '../../activities/errors';
import { withDatabase } from '../database';
import { printJson, printLine, table } from '../output';
import { UserError } from '../user-error';

const CODE = /^[a-z][a-z0-9_]{1,62}$/;

export interface SourceAddOptions { connector: string; config: string; country: string; timezone?: string; locale?: string; kind?: string; json?: boolean }

export async function sourceAddCommand(code: string, o: SourceAddOptions): Promise<number> {
  if (!CODE.test(code)) throw new UserError(`a source code is 2-63 lowercase letters, digits or _, starting with a letter; got "${code}"`);
  const descriptor = connectorById(o.connector);
  if (!descriptor || !(SYNC_CONNECTORS as readonly string[]).includes(o.connector)) {
    throw new UserError(`no syncing connector "${o.connector}" (${SYNC_CONNECTORS.join(', ')}; see crmhub connectors)`);
  }
  const path = resolve(o.config);
  const text = await readFile(path, 'utf8').catch(() => { throw new UserError(`cannot read ${path}`); });
  const config = wrap(() => parseConnectorConfig(o.connector, parseJsonText(text, path)));
  const settings = SourceSettings.safeParse({ defaultCountry: o.country?.toUpperCase(), ...(o.timezone ? { timezone: o.timezone } : {}), ...(o.locale ? { locale: o.locale } : {}) });
  if (!settings.success) throw new UserError(`--country, --timezone, --locale: ${settings.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  if (o.connector === 'file-drop') {
    // Resolved now: a worker reads the folder from wherever it runs.
    (config as { folder: string }).folder = resolve((config as { folder: string }).folder);
  }
  const kind = o.kind ?? descriptor.kind;
  return withDatabase(async (db) => {
    await db('source_systems')
      .insert({ code, label: code, kind, connector_code: o.connector, config: JSON.stringify(config), settings: JSON.stringify(settings.data), is_active: true })
      .onConflict('code').merge(['kind', 'connector_code', 'config', 'settings', 'is_active', 'updated_at']);
    if (o.json) printJson({ source: code, connector: o.connector, kind, settings: settings.data });
    else printLine(`Source ${code} (${o.connector}, ${kind}) saved. Next: crmhub source test ${code}, then crmhub sync ${code}.`);
    return 0;
  }, { migrate: true });
}

export async function sourceListCommand(o: { json?: boolean }): Promise<number> {
  return withDatabase(async (db) => {
    const rows = await db('source_systems').orderBy('code').select('code', 'kind', 'connector_code', 'is_active', 'updated_at');
    const last = await db('sync_runs').select('source_system_code').max('started_at as last').groupBy('source_system_code');
    const lastOf = new Map(last.map((r) => [r.source_system_code as string, r.last as Date]));
    const list = rows.map((r) => ({ source: r.code, connector: r.connector_code, kind: r.kind, active: r.is_active, lastRun: lastOf.get(r.code)?.toISOString() ?? null }));
    if (o.json) printJson({ sources: list });
    else printLine(table(list, ['source', 'connector', 'kind', 'active', 'lastRun']));
    return 0;
  });
}

export async function sourceShowCommand(code: string, o: { json?: boolean }): Promise<number> {
  return withDatabase(async (db) => {
    const row = await db('source_systems').where({ code }).first();
    if (!row) throw new UserError(`no source "${code}": see crmhub source list`);
    const cursors = await db('sync_cursors').where({ source_system_code: code }).select('entity_type as stream', 'cursor', 'updated_at');
    const doc = { source: code, connector: row.connector_code, kind: row.kind, active: row.is_active, settings: row.settings, config: row.config, cursors };
    if (o.json) printJson(doc);
    else {
      printLine(`${code}: ${row.connector_code} (${row.kind})${row.is_active ? '' : ' — removed'}`);
      printLine(`settings: ${JSON.stringify(row.settings)}`);
      printLine(`config:   ${JSON.stringify(row.config)}`);
      for (const c of cursors) printLine(`cursor ${c.stream}: ${JSON.stringify(c.cursor)}`);
    }
    return 0;
  });
}

/** Connects and checks every stream, one line each; exit 1 if any check failed. */
export async function sourceTestCommand(code: string, o: { json?: boolean }): Promise<number> {
  return withDatabase(async (db) => {
    const source = await wrapAsync(() => loadSource(db, code));
    const files = source.connector_code === 'file-drop' ? await wrapAsync(() => plannedFiles(db, source)) : undefined;
    const reader = openReader(source, { env: process.env, files });
    try {
      const checks = await reader.test();
      if (o.json) printJson({ source: code, ok: checks.every((c) => c.ok), checks });
      else for (const c of checks) printLine(`${c.ok ? 'ok  ' : 'FAIL'} ${c.check}: ${c.message}`);
      return checks.every((c) => c.ok) ? 0 : 1;
    } finally {
      await reader.close();
    }
  });
}

/** Deactivates the source (its runs, cursors and data stay) and deletes its schedule. */
export async function sourceRemoveCommand(code: string, o: { json?: boolean }): Promise<number> {
  return withDatabase(async (db) => {
    const n = await db('source_systems').where({ code }).update({ is_active: false, updated_at: db.fn.now() });
    if (n === 0) throw new UserError(`no source "${code}": see crmhub source list`);
    if (o.json) printJson({ source: code, removed: true });
    else printLine(`Source ${code} removed (its data stays). If it had a schedule: crmhub schedule delete ${code}.`);
    return 0;
  });
}

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof BadConfigurationError || (err as Error).name === 'MappingError') throw new UserError((err as Error).message);
    throw err;
  }
}

async function wrapAsync<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof BadConfigurationError) throw new UserError(err.message);
    throw err;
  }
}
