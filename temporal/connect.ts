/**
 * Connecting to a configured Temporal (TEMPORAL_ADDRESS) with the settings of connection-options.ts:
 * a client connection that has answered one call, or one line saying why not.
 */
import { isIP } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type PeerCertificate } from 'node:tls';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { connectOptions, describeConnectError, temporalConnectionSettings, TemporalConfigError, type TemporalConnectionSettings } from './connection-options';
import { dataConverterFromEnv } from './payload-codec';

export { temporalConnectionSettings, TemporalConfigError, type TemporalConnectionSettings };

/**
 * A client connection that has answered `getSystemInfo`. A TLS 1.3 server refuses a missing client
 * certificate only after the handshake, on the first call: connecting alone proves nothing.
 */
export async function connectTemporal(s: TemporalConnectionSettings, timeoutMs = 5000): Promise<Connection> {
  let conn: Connection | null = null;
  try {
    conn = await Connection.connect({ ...connectOptions(s), connectTimeout: timeoutMs });
    await conn.withDeadline(Date.now() + timeoutMs, () => conn!.workflowService.getSystemInfo({}));
    return conn;
  } catch (err) {
    await conn?.close().catch(() => undefined);
    // gRPC reports a refused handshake as "Failed to connect before the deadline"; ask TLS itself why.
    const tlsReason = s.tls ? await tlsHandshakeError(s, timeoutMs)
      : (await speaksTls(s.address, timeoutMs)) ? new Error('the server speaks TLS') : null;
    throw new TemporalConfigError(describeConnectError(tlsReason ?? err, s));
  }
}

/**
 * Opens a bare TLS connection with the same settings and reports how the server ended it: a TLS 1.3
 * server sends "certificate required" just after the handshake, so wait a moment for it.
 */
export async function tlsHandshakeError(s: TemporalConnectionSettings, timeoutMs: number): Promise<Error | null> {
  const [host, port] = splitAddress(s.address);
  return new Promise((resolve) => {
    const socket = tlsConnect({
      host, port, servername: s.tls?.serverNameOverride ?? (isIP(host) ? undefined : host), ALPNProtocols: ['h2'],
      ...(s.tls?.serverRootCACertificate ? { ca: Buffer.from(s.tls.serverRootCACertificate) } : {}),
      ...(s.tls?.clientCertPair ? { cert: Buffer.from(s.tls.clientCertPair.crt), key: Buffer.from(s.tls.clientCertPair.key) } : {}),
      ...(s.tls?.serverNameOverride ? { checkServerIdentity: (_h: string, cert: PeerCertificate) => checkServerIdentity(s.tls!.serverNameOverride!, cert) } : {}),
    });
    const done = (e: Error | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(e);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    socket.once('error', (e) => done(e));
    socket.once('secureConnect', () => {
      // HTTP/2 preface: the server reads it and, if it refuses our certificate, sends its alert.
      socket.write('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
      setTimeout(() => done(null), 500);
    });
  });
}

/** Does the server complete (or refuse with an alert) a TLS handshake? Certificates unchecked: only the protocol matters here. */
async function speaksTls(address: string, timeoutMs: number): Promise<boolean> {
  const [host, port] = splitAddress(address);
  return new Promise((resolve) => {
    const socket = tlsConnect({ host, port, rejectUnauthorized: false, ALPNProtocols: ['h2'] });
    const done = (v: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('secureConnect', () => done(true));
    socket.once('error', (e: NodeJS.ErrnoException) => done(/alert|ERR_SSL_TLSV1/.test(`${e.code} ${e.message}`) && !/wrong version number/i.test(e.message)));
  });
}

function splitAddress(address: string): [string, number] {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address);
  return m ? [m[1]!, Number(m[2])] : [address, 7233];
}

/** `null` when Temporal answers, else the one-line reason (readiness checks). */
export async function probeTemporal(conn: Connection, s: TemporalConnectionSettings, timeoutMs = 3000): Promise<string | null> {
  try {
    await conn.withDeadline(Date.now() + timeoutMs, () => conn.workflowService.getSystemInfo({}));
    return null;
  } catch (err) {
    return describeConnectError(err, s);
  }
}

/** The worker's connection (the Rust core's), with the same settings and the same one-line errors. */
export async function connectWorkerNative(s: TemporalConnectionSettings): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect(connectOptions(s));
  } catch (err) {
    throw new TemporalConfigError(describeConnectError(err, s));
  }
}

/** A client with crmhub's data converter (the payload codec when CRMHUB_PAYLOAD_KEYS is set). */
export function temporalClient(connection: Connection, namespace: string): Client {
  return new Client({ connection, namespace, dataConverter: dataConverterFromEnv() });
}
