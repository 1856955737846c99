/**
 * Failure classification for Temporal: bad input, bad configuration and missing files are
 * non-retryable ApplicationFailures with a type the workflow and the CLI can act on; anything
 * else (a dropped connection, a deadlock) is left to the activity's retry policy.
 */
import { ApplicationFailure } from '@temporalio/common';
import { EInvoiceError } from '../connectors/file-drop/einvoice';
import { SpreadsheetError } from '../connectors/spreadsheet';
import { SqlSourceError } from '../connectors/sql';
import { MappingError } from '../domain/mapping';

export const FAILURE_TYPES = { badInput: 'BadInput', badConfiguration: 'BadConfiguration', auth: 'Auth' } as const;
export const NON_RETRYABLE_TYPES = Object.values(FAILURE_TYPES);

export class BadInputError extends Error {}
export class BadConfigurationError extends Error {}

export function classify(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof SpreadsheetError || err instanceof BadInputError || (err as { code?: string }).code === 'ENOENT') {
    return ApplicationFailure.nonRetryable(message, FAILURE_TYPES.badInput);
  }
  if (err instanceof MappingError || err instanceof BadConfigurationError) {
    return ApplicationFailure.nonRetryable(message, FAILURE_TYPES.badConfiguration);
  }
  // A source that refuses us (a wrong password) or a stream's query that cannot run will not get
  // better by retrying; a lost connection or a restarting database will (the retry resumes from
  // the last committed page).
  if (err instanceof SqlSourceError && err.kind !== 'transient') {
    return ApplicationFailure.nonRetryable(message, err.kind === 'auth' ? FAILURE_TYPES.auth : FAILURE_TYPES.badConfiguration);
  }
  if (err instanceof EInvoiceError) return ApplicationFailure.nonRetryable(message, FAILURE_TYPES.badInput);
  // A table or column the code expects is missing: retrying cannot help, migrating does.
  const pgCode = (err as { code?: string }).code;
  if (pgCode === '42P01' || pgCode === '42703') {
    return ApplicationFailure.nonRetryable(`the database schema is out of date (${message}): run \`crmhub migrate\``, FAILURE_TYPES.badConfiguration);
  }
  return err;
}

/** Wraps an activity so that its errors leave classified. */
export function classified<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (err) {
      throw classify(err);
    }
  };
}
