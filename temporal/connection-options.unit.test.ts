import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeConnectError, temporalConnectionSettings } from './connection-options';

const dir = mkdtempSync(join(tmpdir(), 'crmhub-tls-'));
const pem = join(dir, 'x.pem');
writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
const notPem = join(dir, 'x.txt');
writeFileSync(notPem, 'hello');

describe('temporalConnectionSettings', () => {
  it('is plain gRPC without TLS variables', () => {
    expect(temporalConnectionSettings('h:7233', {})).toEqual({ address: 'h:7233', describe: 'plain gRPC' });
  });
  it('turns TLS on for a CA, a client pair, a server name or an API key, and empty values count as unset', () => {
    const s = temporalConnectionSettings('h:7233', { TEMPORAL_TLS_CA: pem, TEMPORAL_TLS_CERT: pem, TEMPORAL_TLS_KEY: pem, TEMPORAL_TLS_SERVER_NAME: 'temporal.internal', TEMPORAL_API_KEY: '' });
    expect(s.tls?.serverNameOverride).toBe('temporal.internal');
    expect(s.tls?.clientCertPair?.crt).toBeInstanceOf(Buffer);
    expect(s.apiKey).toBeUndefined();
    const cloud = temporalConnectionSettings('ns.acct.tmprl.cloud:7233', { TEMPORAL_API_KEY: 'key123' });
    expect(cloud).toMatchObject({ apiKey: 'key123', tls: {}, describe: 'TLS (system CAs, API key)' });
    expect(temporalConnectionSettings('h:1', { TEMPORAL_TLS: 'true' }).tls).toEqual({});
    expect(temporalConnectionSettings('h:1', { TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA: pem }).tls).toBeUndefined();
  });
  it.each([
    [{ TEMPORAL_TLS_KEY: pem }, 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together'],
    [{ TEMPORAL_TLS_CA: join(dir, 'missing.pem') }, 'missing.pem: no such file'],
    [{ TEMPORAL_TLS_CA: notPem }, 'not a PEM file'],
    [{ TEMPORAL_TLS: 'maybe' }, 'TEMPORAL_TLS: expected true or false'],
  ])('refuses bad settings %#', (env, message) => {
    expect(() => temporalConnectionSettings('h:7233', env)).toThrow(message);
  });
});

describe('describeConnectError', () => {
  const tls = temporalConnectionSettings('h:7233', { TEMPORAL_TLS_CA: pem });
  const mtls = temporalConnectionSettings('h:7233', { TEMPORAL_TLS_CA: pem, TEMPORAL_TLS_CERT: pem, TEMPORAL_TLS_KEY: pem });
  const plain = temporalConnectionSettings('h:7233', {});
  it.each([
    [tls, 'C0D2DB40AE7F0000:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required', 'requires a client certificate (mTLS); set TEMPORAL_TLS_CERT'],
    [mtls, 'unable to verify the first certificate', 'not trusted; set TEMPORAL_TLS_CA'],
    [tls, "Hostname/IP does not match certificate's altnames", 'set TEMPORAL_TLS_SERVER_NAME'],
    [mtls, 'tlsv1 alert unknown ca', 'is the client certificate signed by a CA the server trusts?'],
    [plain, 'the server speaks TLS', 'probably requires TLS'],
    [plain, '14 UNAVAILABLE: No connection established', 'cannot reach Temporal at h:7233 (plain gRPC)'],
    [plain, '16 UNAUTHENTICATED: bad key', 'check TEMPORAL_API_KEY'],
  ])('%#: %s', (s, message, expected) => {
    const line = describeConnectError(new Error(message), s);
    expect(line).toContain(expected);
    expect(line).not.toContain('\n');
  });
});
