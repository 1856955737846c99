/**
 * `crmhub source test`: connect, then check each stream's query. One line per check, saying
 * exactly what is wrong (host, port, user, database, stream, the server's own message), never the
 * password; the checks after a failed connection are not run.
 */
import type { SqlClient } from './config';
import { classifySqlError, type SqlErrorContext, type SqlErrorKind } from './errors';
import type { SqlSession } from './session';
import type { StreamShape } from './stream-shape';
import { keyCountsSql } from './wrap-query';

export interface TestResult {
  ok: boolean;
  /** `connect`, or `stream <name>`. */
  check: string;
  message: string;
  /** Set when ok is false. */
  kind?: SqlErrorKind;
}

export interface SourceTestDeps {
  client: SqlClient;
  streams: string[];
  connect(): Promise<SqlSession>;
  describe(stream: string): Promise<StreamShape>;
  query(stream: string): string;
  context(): SqlErrorContext;
}

export async function runSourceTest(d: SourceTestDeps): Promise<TestResult[]> {
  const results: TestResult[] = [];
  const failed = (check: string, err: unknown, stream?: string): TestResult => {
    const { kind, message } = classifySqlError(err, { ...d.context(), stream });
    return { ok: false, check, message, kind };
  };
  let session: SqlSession;
  try {
    session = await d.connect();
    const c = d.context();
    results.push({
      ok: true, check: 'connect',
      message: `connected to ${session.info.server} at ${c.host}:${c.port}, database "${c.database}", as user "${c.user}"${session.info.readOnly ? ' (read-only session)' : ' (the server refused a read-only session: grant the user SELECT only)'}`,
    });
  } catch (err) {
    results.push(failed('connect', err));
    return results;
  }
  for (const stream of d.streams) {
    const check = `stream ${stream}`;
    try {
      const shape = await d.describe(stream);
      const counts = await (await d.connect()).one(keyCountsSql(d.client, d.query(stream), shape.mode));
      const n = (k: string) => Number(counts[k] ?? 0);
      const problems = [
        n('null_ids') && `${n('null_ids')} rows have a NULL external_id and are never read`,
        n('null_updated') && `${n('null_updated')} rows have a NULL updated_at and are never read incrementally (COALESCE it with another date, or use mode "full")`,
        n('duplicate_ids') && `${n('duplicate_ids')} rows repeat an external_id (a join multiplies rows?): each record needs its own id`,
      ].filter(Boolean);
      if (problems.length) {
        results.push({ ok: false, check, kind: 'query', message: `stream ${stream}: ${problems.join('; ')}` });
        continue;
      }
      const cols = shape.columns.map((c) => `${c.name} ${c.dbType}`).join(', ');
      results.push({ ok: true, check, message: `stream ${stream}: ${shape.mode}, ${n('total')} rows; columns: ${cols}` });
    } catch (err) {
      results.push(failed(check, err, stream));
    }
  }
  return results;
}
