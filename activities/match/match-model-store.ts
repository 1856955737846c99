/**
 * The trained model per entity (`match_models`). Incremental matching uses the last model a full
 * dedupe trained on the CRM; before any training, the matcher's default priors.
 */
import type { Knex } from 'knex';
import { defaultMatchModel, MatchModel, type MatchEntity } from '../../domain/matching';

export async function loadMatchModel(db: Knex, entity: MatchEntity): Promise<{ model: MatchModel; trained: boolean }> {
  const row = await db('match_models').where({ entity_type: entity }).first<{ model: unknown } | undefined>();
  if (row) {
    const parsed = MatchModel.safeParse(row.model);
    // A model stored by an older crmhub that no longer parses is retrained by the next dedupe;
    // until then the defaults are safer than a half-read model.
    if (parsed.success) return { model: parsed.data, trained: true };
  }
  return { model: defaultMatchModel(entity), trained: false };
}

export async function saveMatchModel(db: Knex, entity: MatchEntity, model: MatchModel, recordCount: number): Promise<void> {
  await db('match_models')
    .insert({ entity_type: entity, model: JSON.stringify(model), record_count: recordCount, trained_at: db.fn.now() })
    .onConflict('entity_type')
    .merge();
}

/** Pairs a person (or an unmerge) decided, so the matcher never proposes them again. */
export async function loadDecidedPairs(db: Knex, entity: MatchEntity, ids?: readonly string[]): Promise<Set<string>> {
  // One uuid[] parameter, not one per id: a first import's batch can pass PostgreSQL's 65,535.
  const { rows } = ids
    ? await db.raw<{ rows: { record_a: string; record_b: string }[] }>(
      `SELECT record_a, record_b FROM match_decisions WHERE entity_type = ? AND (record_a = ANY(?::uuid[]) OR record_b = ANY(?::uuid[]))`,
      [entity, ids as string[], ids as string[]],
    )
    : await db.raw<{ rows: { record_a: string; record_b: string }[] }>('SELECT record_a, record_b FROM match_decisions WHERE entity_type = ?', [entity]);
  return new Set(rows.map((r) => pairKey(r.record_a, r.record_b)));
}

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
