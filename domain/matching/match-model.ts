/**
 * The Fellegi–Sunter model: per comparison level, m (P(level | match)) and u (P(level | non-match));
 * λ, the prior probability that two records drawn at random match; term-frequency tables for the
 * comparisons whose exact level depends on how common the value is ("servicios" vs "zubiaurre").
 * JSON-serializable (stored in the database), validated by zod when read back.
 */
import { z } from 'zod';
import { comparisonsFor } from './comparisons';
import { MATCH_ENTITIES, type MatchEntity } from './match-record';

const Probability = z.number().gt(0).lt(1);

export const TermFrequencies = z.strictObject({
  /** Records with a value. */
  total: z.int().min(0),
  /** Value → records holding it; values seen once are left out (their count is 1). */
  counts: z.record(z.string(), z.int().min(1)),
});
export type TermFrequencies = z.infer<typeof TermFrequencies>;

export const ComparisonParameters = z.strictObject({
  name: z.string(),
  levels: z.array(z.string()).min(3),
  /** Index 0 (null) is unused and kept at 0.5 so arrays line up with levels. */
  m: z.array(Probability),
  u: z.array(Probability),
  tf: TermFrequencies.optional(),
});
export type ComparisonParameters = z.infer<typeof ComparisonParameters>;

export const MatchModel = z
  .strictObject({
    version: z.literal(1),
    entity: z.enum(MATCH_ENTITIES),
    lambda: Probability,
    comparisons: z.array(ComparisonParameters),
    training: z
      .strictObject({
        records: z.int(),
        candidatePairs: z.int(),
        uSamplePairs: z.int(),
        emIterations: z.int(),
        converged: z.boolean(),
        matchesAmongCandidates: z.number(),
      })
      .nullable(),
  })
  .superRefine((model, ctx) => {
    // The comparison code and the stored parameters must describe the same levels.
    const code = comparisonsFor(model.entity);
    if (code.length !== model.comparisons.length) {
      ctx.addIssue({ code: 'custom', message: `model has ${model.comparisons.length} comparisons, the code ${code.length}` });
      return;
    }
    model.comparisons.forEach((c, i) => {
      const def = code[i];
      if (!def || def.name !== c.name || def.levels.join('|') !== c.levels.join('|')) {
        ctx.addIssue({ code: 'custom', path: ['comparisons', i], message: `comparison ${c.name} does not match the code (${def?.name})` });
      }
      if (c.m.length !== c.levels.length || c.u.length !== c.levels.length) {
        ctx.addIssue({ code: 'custom', path: ['comparisons', i], message: 'm and u need one value per level' });
      }
    });
  });
export type MatchModel = z.infer<typeof MatchModel>;

/**
 * Priors for an untrained model, so incremental matching works before any training: m falls
 * from 0.9 (exact) through the fuzzy levels; u rises from 1e-3 (exact, 1e-5 for identifiers).
 * Training replaces them with values estimated from the data.
 */
const IDENTIFIERS = new Set(['tax_id', 'national_id', 'email', 'phone', 'domain']);
const COARSE = new Set(['country', 'region', 'legal_form']);

export function defaultMatchModel(entity: MatchEntity): MatchModel {
  const comparisons = comparisonsFor(entity).map((c): ComparisonParameters => {
    const k = c.levels.length - 1; // non-null levels
    const m = [0.5];
    const u = [0.5];
    const exactU = IDENTIFIERS.has(c.name) ? 1e-5 : COARSE.has(c.name) ? 0.3 : 2e-3;
    for (let l = 1; l <= k; l++) {
      if (l === k) {
        m.push(0.05);
        u.push(1 - exactU * (k - 1) * 2);
      } else {
        m.push(l === 1 ? 0.8 : 0.15 / (k - 2 || 1));
        u.push(exactU * (l === 1 ? 1 : 3));
      }
    }
    return { name: c.name, levels: [...c.levels], m: normalize(m), u: normalize(u) };
  });
  return { version: 1, entity, lambda: 1e-5, comparisons, training: null };
}

/** Levels 1..k sum to 1; index 0 stays 0.5. */
export function normalize(p: readonly number[]): number[] {
  let sum = 0;
  for (let l = 1; l < p.length; l++) sum += p[l] as number;
  return p.map((v, l) => (l === 0 ? 0.5 : clampProbability(v / sum)));
}

export function clampProbability(p: number): number {
  return Math.min(1 - 1e-9, Math.max(1e-9, p));
}
