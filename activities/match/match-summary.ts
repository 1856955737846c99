/** What one matching pass did: reported by `crmhub dedupe`, an import's match stage and the bench. */
import { z } from 'zod';

export const MatchSummary = z.strictObject({
  entity: z.enum(['accounts', 'contacts']),
  mode: z.enum(['incremental', 'full']),
  dryRun: z.boolean(),
  modelTrained: z.boolean(),
  records: z.int(), // records matched (incremental: the new or changed ones)
  candidates: z.int(), // existing records found by the blocking keys (incremental)
  candidatePairs: z.int(),
  clusters: z.strictObject({ auto: z.int(), review: z.int() }),
  merges: z.int(), // merges applied (0 in a dry run)
  recordsAbsorbed: z.int(),
  reviewQueued: z.int(),
  skippedDecidedPairs: z.int(),
  recomputed: z.int(), // records fed by several sources whose fields survivorship recomputed (imports)
  ms: z.record(z.string(), z.int()), // time per phase
});
export type MatchSummary = z.infer<typeof MatchSummary>;
