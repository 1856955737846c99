/** One line for any error that reaches the top of the CLI. */
import { UserError } from './user-error';

export function describeError(err: unknown): string {
  if (err instanceof UserError) return err.message;
  const e = err as { name?: string; message?: string; code?: string; cause?: unknown };
  if (e?.name === 'MappingError' || e?.name === 'SpreadsheetError') return e.message ?? String(err);
  // Temporal connection, TLS and payload-key settings: the message names the variable to fix.
  if (e?.name === 'TemporalConfigError' || e?.name === 'PayloadKeyError') return e.message ?? String(err);
  if (e?.code === 'ECONNREFUSED') return `connection refused (${e.message}): check DATABASE_URL and TEMPORAL_ADDRESS`;
  const base = e?.message ?? String(err);
  return `${base}${process.env.CRMHUB_DEBUG ? '' : ' (set CRMHUB_DEBUG=1 for details)'}`;
}
