/**
 * Connecting to a configured Temporal (TEMPORAL_ADDRESS) with the settings of connection-options.ts:
 * a client connection that has answered one call, or one line saying why not.
 */
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
    throw new TemporalConfigError(describeConnectError(err, s));
  }
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
