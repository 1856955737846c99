/**
 * mTLS against the self-hosted server: a client with a certificate from the server's CA connects;
 * one without a certificate, with a certificate from another CA, or trusting the wrong CA is
 * refused, and the CLI says why in one line naming the variable to set.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePki } from '../scripts/selfhosted/certs';
import { crmhubArgs } from '../scripts/selfhosted/worker-process';
import { connectTemporal } from '../temporal/connect';
import { temporalConnectionSettings } from '../temporal/connection-options';
import { BUILD_TIMEOUT_MS, startSelfHostedEnv, type SelfHostedEnv } from './support/selfhosted-env';
import { TEST_DATABASE_URL } from './support/test-database';

const run = promisify(execFile);
let h: SelfHostedEnv;

beforeAll(async () => {
  h = await startSelfHostedEnv();
}, BUILD_TIMEOUT_MS);
afterAll(async () => {
  await h?.server.stop();
});

/** `crmhub worker` with only these TEMPORAL_* variables: it connects to Temporal before anything else. */
async function workerCli(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_')));
  try {
    await run(process.execPath, crmhubArgs(['worker']), { env: { ...clean, DATABASE_URL: TEST_DATABASE_URL, ...env }, timeout: 60_000 });
    return { code: 0, stderr: '' };
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    return { code: e.code ?? -1, stderr: e.stderr ?? '' };
  }
}

describe('a client of the mTLS server', () => {
  it('connects with a certificate signed by the server\'s client CA', async () => {
    const conn = await connectTemporal(h.server.settings(h.pki.client('tester')));
    const info = await conn.workflowService.getSystemInfo({});
    expect(info.serverVersion).toBe('1.29.1');
    await conn.close();
  });

  it('without a client certificate is refused with one line naming TEMPORAL_TLS_CERT', async () => {
    const r = await workerCli(h.server.clientEnv());
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^crmhub: Temporal at 127\.0\.0\.1:\d+ \(TLS \(CA .*\)\) refused the connection: it requires a client certificate \(mTLS\); set TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY$/);
  });

  it('with a certificate from another CA is refused, and told to check the CA', async () => {
    const other = makePki(join(h.dir, 'other-pki'), 'some other CA').client('stranger');
    const r = await workerCli(h.server.clientEnv(other));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/refused the TLS handshake \(is the client certificate signed by a CA the server trusts\?\)/);
  });

  it('trusting another CA than the server\'s is refused, and told to set TEMPORAL_TLS_CA', async () => {
    const other = makePki(join(h.dir, 'other-pki-2'), 'not the server CA');
    const r = await workerCli({ ...h.server.clientEnv(h.pki.client('tester')), TEMPORAL_TLS_CA: other.ca });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/the server's certificate is not trusted; set TEMPORAL_TLS_CA/);
  });

  it('over plain gRPC is refused, and told the server wants TLS', async () => {
    const r = await workerCli({ TEMPORAL_ADDRESS: h.server.address, TEMPORAL_NAMESPACE: h.server.namespace });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/probably requires TLS; set TEMPORAL_TLS_CA/);
  });

  it('with a lone certificate (no key) is a configuration error, before any connection', () => {
    const c = h.pki.client('tester');
    expect(() => temporalConnectionSettings(h.server.address, { TEMPORAL_TLS_CERT: c.cert })).toThrow('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together');
    expect(() => temporalConnectionSettings(h.server.address, { TEMPORAL_TLS_CA: '/nonexistent.pem' })).toThrow('TEMPORAL_TLS_CA=/nonexistent.pem: no such file');
  });
});
