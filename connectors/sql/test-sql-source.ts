/** What `crmhub source test` calls for an SQL source: open, test, close; never throws for a bad connection. */
import type { SqlSourceConfigInput } from './config';
import { SqlSourceError } from './errors';
import { openSqlSource } from './reader';
import type { TestResult } from './test-source';

export async function testSqlSource(config: SqlSourceConfigInput | unknown, env: Record<string, string | undefined> = process.env): Promise<TestResult[]> {
  let source;
  try {
    source = openSqlSource(config, { env });
  } catch (err) {
    if (err instanceof SqlSourceError) return [{ ok: false, check: 'config', message: err.message, kind: err.kind }];
    throw err;
  }
  try {
    return await source.test();
  } finally {
    await source.close();
  }
}
