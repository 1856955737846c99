/**
 * Configuration of an SQL source (`crmhub source add <code> --connector sql --config file.json`).
 * Secrets never live here: `urlEnv` names the environment variable that holds the connection URL.
 */
import { z } from 'zod';
import { SQL_STREAMS, isSqlStreamName } from './streams';

export const SqlClient = z.enum(['mysql', 'pg'], { error: () => 'connection.client must be "mysql" (MariaDB too) or "pg"' });
export type SqlClient = z.infer<typeof SqlClient>;

export const SqlStreamMode = z.enum(['incremental', 'snapshot', 'full'], {
  error: () => 'mode must be "incremental" (needs an updated_at column), "snapshot" (open items, read whole; missing ones are settled) or "full" (read whole)',
});
export type SqlStreamMode = z.infer<typeof SqlStreamMode>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const SqlSsl = z.union([
  z.boolean(),
  z.strictObject({
    /** false accepts self-signed server certificates (still encrypted, not authenticated). */
    rejectUnauthorized: z.boolean().default(true),
    /** PEM file with the CA that signed the server's certificate. */
    caFile: z.string().min(1).optional(),
  }),
]);
export type SqlSsl = z.infer<typeof SqlSsl>;

export const SqlConnectionConfig = z.strictObject({
  client: SqlClient,
  urlEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'connection.urlEnv must name an environment variable (e.g. "ERP_DATABASE_URL"), not hold the URL itself'),
  ssl: SqlSsl.optional(),
  statementTimeoutSeconds: z.number().positive().max(86_400).default(300),
  connectTimeoutSeconds: z.number().positive().max(600).default(15),
  /**
   * IANA zone of values that carry no zone (MariaDB DATETIME, PostgreSQL timestamp without time
   * zone): ERPs store local wall-clock time there. TIMESTAMP/timestamptz values carry their instant.
   */
  timezone: z.string().refine(isTimeZone, { error: (iss) => `"${String(iss.input)}" is not an IANA time zone (e.g. "Europe/Madrid", "UTC")` }).default('UTC'),
});
export type SqlConnectionConfig = z.infer<typeof SqlConnectionConfig>;

export const SqlStreamConfig = z.strictObject({
  /** One SELECT whose column aliases are canonical field names; must return external_id. */
  query: z.string().trim().min(1, 'query is empty'),
  /** Default: incremental when the query returns updated_at, else full. */
  mode: SqlStreamMode.optional(),
  /** Incremental runs start this many seconds before the stored cursor, to catch rows committed late. */
  lookbackSeconds: z.number().int().min(0).max(30 * 86_400).default(300),
  /** Snapshot streams: refuse a run that would settle more than this share of the open rows. */
  maxSettleShare: z.number().min(0).max(1).default(0.5),
  pageSize: z.number().int().min(1).max(100_000).default(5000),
});
export type SqlStreamConfig = z.infer<typeof SqlStreamConfig>;

export const SqlSourceConfig = z.strictObject({
  connection: SqlConnectionConfig,
  streams: z.record(z.string(), SqlStreamConfig).superRefine((streams, ctx) => {
    const names = Object.keys(streams);
    if (names.length === 0) ctx.addIssue({ code: 'custom', message: `streams is empty: define at least one of ${SQL_STREAMS.join(', ')}` });
    for (const name of names) {
      if (!isSqlStreamName(name)) ctx.addIssue({ code: 'custom', path: [name], message: `unknown stream "${name}": streams are ${SQL_STREAMS.join(', ')}` });
    }
  }),
});
export type SqlSourceConfig = z.infer<typeof SqlSourceConfig>;
export type SqlSourceConfigInput = z.input<typeof SqlSourceConfig>;

/** One line per problem, each naming where it is (`streams.invoices.mode: …`). */
export function describeConfigIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}
