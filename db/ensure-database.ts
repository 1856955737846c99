/**
 * Creates the target database when it does not exist yet, so `npm start` and the tests work on a
 * fresh machine whose PostgreSQL only has the default databases.
 */
import pg from 'pg';
import { redactUrl } from './config';
import { describeDbError } from './db-errors';

export async function ensureDatabase(url: string): Promise<{ created: boolean; database: string }> {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.replace(/^\//, '')) || 'postgres';
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return { created: false, database };
    // Identifier quoting by doubling quotes: CREATE DATABASE takes no bind parameters.
    await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    return { created: true, database };
  } catch (err) {
    if ((err as { code?: string }).code === '42P04') return { created: false, database }; // raced with another creator
    throw new Error(describeDbError(err, redactUrl(url)));
  } finally {
    await client.end().catch(() => undefined);
  }
}
