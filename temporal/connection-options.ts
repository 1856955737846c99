/**
 * How every crmhub process connects to Temporal — the CLI, the workers and the console read the
 * same environment here, so a TLS setting cannot reach one of them and miss another:
 *
 * - TEMPORAL_TLS_CA          PEM file of the CA that signed the server's certificate (self-hosted);
 *                            unset → the system's trust store (Temporal Cloud).
 * - TEMPORAL_TLS_CERT/_KEY   PEM client certificate and key, for mTLS (both or neither).
 * - TEMPORAL_TLS_SERVER_NAME name expected in the server's certificate, when it differs from the
 *                            host of TEMPORAL_ADDRESS (an IP address, a load balancer).
 * - TEMPORAL_TLS             `true` for TLS with none of the above; `false` to refuse TLS even
 *                            with them set (rarely useful). Any TLS_* variable or an API key turns TLS on.
 * - TEMPORAL_API_KEY         Temporal Cloud API key (sent as a bearer token; implies TLS).
 *
 * Files are read once, when a process starts; a bad path or a lone cert/key is one clear line.
 */
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { z } from 'zod';

export interface TemporalConnectionSettings {
  address: string;
  /** `undefined`: plain gRPC. */
  tls?: TLSConfig;
  apiKey?: string;
  /** For messages: which TLS material is in use, never its content. */
  describe: string;
}

const Bool = z.enum(['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off']).transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

export const TemporalSecurityEnv = z.object({
  TEMPORAL_TLS: z.string().trim().toLowerCase().pipe(Bool).optional(),
  TEMPORAL_TLS_CA: z.string().trim().min(1).optional(),
  TEMPORAL_TLS_CERT: z.string().trim().min(1).optional(),
  TEMPORAL_TLS_KEY: z.string().trim().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().trim().min(1).optional(),
  TEMPORAL_API_KEY: z.string().trim().min(1).optional(),
});
export type TemporalSecurityEnv = z.infer<typeof TemporalSecurityEnv>;

export class TemporalConfigError extends Error {
  override name = 'TemporalConfigError';
}

function readPem(variable: string, path: string): Buffer {
  try {
    const data = readFileSync(path);
    if (!data.includes('-----BEGIN ')) throw new Error('not a PEM file (no -----BEGIN line)');
    return data;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.message;
    throw new TemporalConfigError(`${variable}=${path}: ${why}`);
  }
}

/** Empty strings count as unset: a systemd unit or a .env file often writes `X=`. */
function present(env: NodeJS.ProcessEnv): Record<string, string> {
  const keys = Object.keys(TemporalSecurityEnv.shape);
  return Object.fromEntries(keys.flatMap((k) => (env[k]?.trim() ? [[k, env[k]!]] : [])));
}

export function temporalConnectionSettings(address: string, env: NodeJS.ProcessEnv = process.env): TemporalConnectionSettings {
  const parsed = TemporalSecurityEnv.safeParse(present(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TemporalConfigError(`${String(issue.path[0])}: expected true or false`);
  }
  const e = parsed.data;
  if (!!e.TEMPORAL_TLS_CERT !== !!e.TEMPORAL_TLS_KEY) {
    throw new TemporalConfigError('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together: set both for mTLS, or neither');
  }
  const wantsTls = e.TEMPORAL_TLS ?? !!(e.TEMPORAL_TLS_CA || e.TEMPORAL_TLS_CERT || e.TEMPORAL_TLS_SERVER_NAME || e.TEMPORAL_API_KEY);
  if (!wantsTls) return { address, ...(e.TEMPORAL_API_KEY ? { apiKey: e.TEMPORAL_API_KEY } : {}), describe: 'plain gRPC' };
  const tls: TLSConfig = {};
  const parts: string[] = [];
  if (e.TEMPORAL_TLS_CA) {
    tls.serverRootCACertificate = readPem('TEMPORAL_TLS_CA', e.TEMPORAL_TLS_CA);
    parts.push(`CA ${e.TEMPORAL_TLS_CA}`);
  } else parts.push('system CAs');
  if (e.TEMPORAL_TLS_CERT && e.TEMPORAL_TLS_KEY) {
    tls.clientCertPair = { crt: readPem('TEMPORAL_TLS_CERT', e.TEMPORAL_TLS_CERT), key: readPem('TEMPORAL_TLS_KEY', e.TEMPORAL_TLS_KEY) };
    parts.push(`client certificate ${e.TEMPORAL_TLS_CERT}`);
  }
  if (e.TEMPORAL_TLS_SERVER_NAME) {
    tls.serverNameOverride = e.TEMPORAL_TLS_SERVER_NAME;
    parts.push(`server name ${e.TEMPORAL_TLS_SERVER_NAME}`);
  }
  if (e.TEMPORAL_API_KEY) parts.push('API key');
  return { address, tls, ...(e.TEMPORAL_API_KEY ? { apiKey: e.TEMPORAL_API_KEY } : {}), describe: `TLS (${parts.join(', ')})` };
}

/** Options for `Connection.connect` (client) and `NativeConnection.connect` (worker): same shape. */
export function connectOptions(s: TemporalConnectionSettings): { address: string; tls?: TLSConfig; apiKey?: string } {
  return { address: s.address, ...(s.tls ? { tls: s.tls } : {}), ...(s.apiKey ? { apiKey: s.apiKey } : {}) };
}

/**
 * One line for a failed connection: the gRPC and rustls errors are long and name neither the
 * setting to change nor the likely cause.
 */
export function describeConnectError(err: unknown, s: TemporalConnectionSettings): string {
  const msg = (err as Error)?.message ?? String(err);
  const at = `Temporal at ${s.address} (${s.describe})`;
  const low = msg.toLowerCase();
  if (/unknown ?issuer|unknownissuer|self.signed|unable to (get local issuer|verify the first certificate)|invalid peer certificate|certificate verify failed/.test(low)) {
    return `${at}: the server's certificate is not trusted; set TEMPORAL_TLS_CA to the CA that signed it`;
  }
  if (/notvalidforname|not valid for name|hostname mismatch|certificate is not valid for|altnames/.test(low)) {
    return `${at}: the server's certificate does not name this host; set TEMPORAL_TLS_SERVER_NAME to a name it holds`;
  }
  if (/certificate required|handshake failure|bad certificate|alert/.test(low) && !s.tls?.clientCertPair) {
    return `${at} refused the connection: it requires a client certificate (mTLS); set TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY`;
  }
  if (/certificate|handshake|tls|alert/.test(low) && s.tls?.clientCertPair) {
    return `${at} refused the TLS handshake (is the client certificate signed by a CA the server trusts?): ${firstLine(msg)}`;
  }
  if (!s.tls && /(speaks tls|connection reset|broken pipe|h2 protocol error|frame with invalid size|unexpected eof)/.test(low)) {
    return `${at} closed the connection: it probably requires TLS; set TEMPORAL_TLS_CA (and TEMPORAL_TLS_CERT/KEY for mTLS) or TEMPORAL_TLS=true`;
  }
  if (/unauthenticated|permission ?denied|401|403/.test(low)) {
    return `${at} refused the credentials: check TEMPORAL_API_KEY (or the client certificate) and TEMPORAL_NAMESPACE`;
  }
  return `cannot reach ${at}: ${firstLine(msg)}; start it or fix TEMPORAL_ADDRESS`;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 300);
}
