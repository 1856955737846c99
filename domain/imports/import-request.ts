/**
 * What a caller asks of `importSpreadsheet`: a reference to the file and how to read it — never
 * the rows (Temporal payloads are limited to 2 MB). The mapping travels inline (a few KB) so the
 * worker needs no access to the caller's mapping file; `null` asks crmhub to propose one.
 */
import { z } from 'zod';
import { TARGET_ENTITIES } from '../canonical/fields';

export const ImportRequest = z.strictObject({
  file: z.string().min(1),
  entity: z.enum(TARGET_ENTITIES),
  mapping: z.unknown().nullable(),
  source: z.string().regex(/^[a-z][a-z0-9_]{1,62}$/).optional(),
  sheet: z.union([z.string().min(1), z.number().int().min(0)]).optional(),
  locale: z.string().optional(),
  encoding: z.string().optional(),
  delimiter: z.string().max(1).optional(),
  headerRow: z.number().int().positive().optional(),
  dryRun: z.boolean().default(false),
  /** Match the records the import created or changed against the CRM (merges and review items). */
  match: z.boolean().default(true),
  batchSize: z.number().int().min(1).max(200_000).default(10_000), // measured: faster and ~50 MB less RSS than 25k on 1M rows
  /**
   * Replays the quarantined rows of this run from a file made by `crmhub rejects <run> --csv` and
   * edited: the run's mapping and source are used, and the rows that load are marked `replayed`.
   */
  replayOf: z.number().int().positive().optional(),
  /** Records per chunk of the match stage (its memory bound: records plus their candidates). */
  matchChunkSize: z.number().int().min(1).max(100_000).optional(),
  /** Seconds without a heartbeat before Temporal retries the load or the match stage on another worker. */
  heartbeatTimeoutSeconds: z.number().int().min(1).max(3600).default(60),
});
export type ImportRequest = z.input<typeof ImportRequest>;
export type ImportRequestParsed = z.output<typeof ImportRequest>;
