/** What a caller asks of `syncSource`: a source by its code, never rows or secrets. */
import { z } from 'zod';

export const SyncRequest = z.strictObject({
  source: z.string().regex(/^[a-z][a-z0-9_]{1,62}$/),
  /** Only these streams (default: all the source defines, in order). */
  streams: z.array(z.string().min(1)).optional(),
  /** Read from the start, ignoring the stored cursors (unchanged rows still cost no write). */
  full: z.boolean().default(false),
  /** Match new or changed accounts and contacts against the CRM (the match stage), as imports do. */
  match: z.boolean().default(true),
  heartbeatTimeoutSeconds: z.number().int().min(1).max(3600).default(60),
});
export type SyncRequest = z.input<typeof SyncRequest>;

/** A sync run's own options (sync_runs.options), as imports keep theirs. */
export const SyncRunOptions = z.strictObject({
  kind: z.literal('sync'),
  stream: z.string(),
  full: z.boolean(),
  /** file-drop: the files this sync reads, listed when it was planned. */
  files: z.array(z.strictObject({ path: z.string(), sha256: z.string() })).optional(),
});
export type SyncRunOptions = z.infer<typeof SyncRunOptions>;
