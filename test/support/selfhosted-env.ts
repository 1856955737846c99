/**
 * The self-hosted Temporal server (deploy/temporal/) with mTLS on, for integration tests: built on
 * first use (minutes; .ci/run can build it ahead), its databases on the test PostgreSQL named after
 * TEST_DATABASE_URL's database, a CA made for the test, and a namespace.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePki, type TestPki } from '../../scripts/selfhosted/certs';
import { ensureTemporalServer, setupTemporalSchema, startSelfHostedTemporal, type SelfHostedTemporal } from '../../scripts/selfhosted/temporal-server';
import { TEST_DATABASE_URL } from './test-database';

export interface SelfHostedEnv { server: SelfHostedTemporal; pki: TestPki; dir: string }

/** Building the server the first time takes minutes on a shared 2-core machine. */
export const BUILD_TIMEOUT_MS = 30 * 60_000;

export async function startSelfHostedEnv(namespace = 'crmhub-test'): Promise<SelfHostedEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'crmhub-selfhosted-'));
  const pki = makePki(join(dir, 'pki'));
  const serverDir = await ensureTemporalServer();
  const u = new URL(TEST_DATABASE_URL);
  const base = decodeURIComponent(u.pathname.slice(1)) || 'crmhub_test';
  const admin = new URL(TEST_DATABASE_URL);
  admin.pathname = '/postgres';
  const db = {
    host: u.hostname, port: Number(u.port || 5432), user: `${base}_temporal`, password: 'temporal-test',
    name: `${base}_temporal`, visibilityName: `${base}_temporal_visibility`, adminUrl: admin.toString(),
  };
  await setupTemporalSchema(serverDir, db);
  const server = await startSelfHostedTemporal({
    serverDir, dir, db, namespace,
    tls: { cert: pki.serverCert, key: pki.serverKey, clientCa: pki.ca, internal: pki.client('internal') },
  });
  return { server, pki, dir };
}
