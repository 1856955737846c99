/** `crmhub migrate [--rollback] [--json]`: creates the database if needed and applies migrations. */
import { createDb, databaseUrl, redactUrl } from '../../db/config';
import { describeDbError } from '../../db/db-errors';
import { ensureDatabase } from '../../db/ensure-database';
import { migrateLatest, migrateRollbackAll } from '../../migrations';
import { printJson, printLine } from '../output';
import { UserError } from '../user-error';

export async function migrateCommand(o: { rollback?: boolean; json?: boolean }): Promise<number> {
  const url = databaseUrl();
  const created = await ensureDatabase(url).catch((err) => { throw new UserError((err as Error).message); });
  const db = createDb(url);
  try {
    const names = o.rollback ? await migrateRollbackAll(db) : await migrateLatest(db);
    if (o.json) printJson({ database: redactUrl(url), databaseCreated: created.created, [o.rollback ? 'rolledBack' : 'applied']: names });
    else printLine(`${created.created ? `Created database ${created.database}. ` : ''}${o.rollback ? 'Rolled back' : 'Applied'} ${names.length} migration(s)${names.length ? `: ${names.join(', ')}` : ' (up to date)'}.`);
    return 0;
  } catch (err) {
    throw new UserError(describeDbError(err, redactUrl(url)));
  } finally {
    await db.destroy();
  }
}
