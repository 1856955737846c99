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
  /**
   * Value → estimated companies holding it (the most distinct tax ids, legal forms, domains,
   * postcodes or cities seen among its records), for the values of `counts` held by more than
   * one; a value left out is held by one. Present only for comparisons that estimate it (the
   * account name): then the adjustment counts other companies' records, not the duplicates.
   */
  entities: z.record(z.string(), z.int().min(2)).optional(),
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
 * Priors for an untrained model, so incremental matching works before any training. u of the
 * exact level is roughly how often two different records agree on the field (a tax id almost
 * never, a city often, a country mostly); m of the exact level how often one record written by
 * two sources agrees. Fuzzy levels get a share of both; "else" takes the rest. λ assumes about one
 * duplicate per record in a CRM of a few hundred thousand. Training replaces all of it.
 */
const PRIOR_EXACT: Readonly<Record<string, readonly [u: number, m: number]>> = {
  name: [1e-4, 0.7], legal_form: [0.3, 0.8], tax_id: [1e-6, 0.95], domain: [1e-5, 0.9], email: [1e-5, 0.6], phone: [1e-5, 0.6],
  street: [1e-4, 0.6], postcode: [5e-3, 0.85], city: [0.02, 0.85], country: [0.5, 0.97],
  first_name: [0.01, 0.75], last_name: [2e-3, 0.75], birth_date: [1e-4, 0.9], national_id: [1e-6, 0.9], street2: [1e-3, 0.6],
  house_number: [0.02, 0.8], region: [0.2, 0.95],
};

export function defaultMatchModel(entity: MatchEntity): MatchModel {
  const comparisons = comparisonsFor(entity).map((c): ComparisonParameters => {
    const [exactU, exactM] = PRIOR_EXACT[c.name] ?? [1e-3, 0.7];
    const fuzzy = c.levels.length - 3; // levels between exact and else
    const m = [0.5, exactM];
    const u = [0.5, exactU];
    for (let l = 0; l < fuzzy; l++) {
      m.push((0.9 - exactM) / Math.max(1, fuzzy) + 0.02);
      u.push(Math.min(0.05, exactU * 5 * (l + 1)));
    }
    m.push(0); // else: the rest, after normalization below
    u.push(0);
    const mSum = m.slice(1).reduce((x, y) => x + y, 0);
    const uSum = u.slice(1).reduce((x, y) => x + y, 0);
    m[m.length - 1] = Math.max(0.05, 1 - mSum);
    u[u.length - 1] = Math.max(1e-3, 1 - uSum);
    return { name: c.name, levels: [...c.levels], m: normalize(m), u: normalize(u) };
  });
  return { version: 1, entity, lambda: 1e-6, comparisons, training: null };
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
