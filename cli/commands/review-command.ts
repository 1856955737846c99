/**
 * `crmhub review list|show|accept|reject`: the pairs the matcher was unsure about, for a person
 * to decide. Accepting merges them (undo with `crmhub unmerge`); rejecting remembers them as
 * different records, never proposed again.
 */
import { acceptReview, listReview, rejectReview, showReview } from '../../activities/merge/review-queue';
import { MergeRefusedError } from '../../activities/merge/errors';
import type { MergeEntity } from '../../activities/merge/entity-tables';
import { withDatabase } from '../database';
import { printJson, printLine, table } from '../output';
import { UserError } from '../user-error';

function reviewId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new UserError(`a review id is a positive number (see \`crmhub review list\`), got "${text}"`);
  return id;
}

/** Refusals (not pending, already merged, unknown id) are one line the user can act on. */
async function userFacing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof MergeRefusedError) throw new UserError(err.message);
    throw err;
  }
}

export function reviewer(by: string | undefined): string {
  const name = (by ?? process.env.USER ?? 'cli').trim();
  if (!/^[\p{L}\p{N}._@-]{1,64}$/u.test(name)) throw new UserError(`--by takes a user name (letters, digits, . _ @ -), got "${by}"`);
  return name;
}

export async function reviewListCommand(o: { entity?: MergeEntity; limit?: string; json?: boolean }): Promise<number> {
  const limit = Math.min(Math.max(Number(o.limit ?? 50) || 50, 1), 1000);
  return withDatabase(async (db) => {
    const items = await listReview(db, { entity: o.entity, limit });
    if (o.json) printJson({ items });
    else if (items.length === 0) printLine('Nothing to review.');
    else {
      printLine(table(items.map((i) => ({
        id: i.id, entity: i.entityType, probability: i.probability.toFixed(4), a: i.labelA, b: i.labelB,
      })), ['id', 'entity', 'probability', 'a', 'b']));
      printLine(`\n${items.length} pending. See one with \`crmhub review show <id>\`, then accept or reject it.`);
    }
    return 0;
  });
}

export async function reviewShowCommand(idText: string, o: { json?: boolean }): Promise<number> {
  const id = reviewId(idText);
  return withDatabase(async (db) => {
    const d = await userFacing(() => showReview(db, id));
    if (o.json) {
      printJson({ item: d.item, fields: d.fields.map(([field, a, b]) => ({ field, a, b })), explanation: d.explanation });
      return 0;
    }
    printLine(`Review ${d.item.id} (${d.item.entityType}, ${d.item.status}): probability ${d.item.probability.toFixed(4)}`);
    printLine(table(d.fields.map(([field, a, b]) => ({ field, a: show(a), b: show(b), same: show(a) === show(b) ? '=' : '' })), ['field', 'a', 'b', 'same']));
    printLine('');
    printLine(d.explanationText);
    return 0;
  });
}

function show(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

export async function reviewAcceptCommand(idText: string, o: { by?: string; json?: boolean }): Promise<number> {
  const id = reviewId(idText);
  const by = reviewer(o.by);
  return withDatabase(async (db) => {
    const r = await userFacing(() => acceptReview(db, id, { by }));
    if (o.json) printJson(r);
    else printLine(`Merged ${r.absorbedId} into ${r.survivorId} (merge ${r.mergeId}). Undo with \`crmhub unmerge ${r.mergeId}\`.`);
    return 0;
  });
}

export async function reviewRejectCommand(idText: string, o: { by?: string; json?: boolean }): Promise<number> {
  const id = reviewId(idText);
  const by = reviewer(o.by);
  return withDatabase(async (db) => {
    const r = await userFacing(() => rejectReview(db, id, { by }));
    if (o.json) printJson(r);
    else printLine(`Review ${r.reviewId}: remembered as two different records.`);
    return 0;
  });
}
