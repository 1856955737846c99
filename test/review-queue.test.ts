/**
 * The review queue against a real PostgreSQL, through the functions and through the CLI
 * (`--json`): enqueue skips decided, pending and deleted pairs; accept merges; reject is
 * remembered; an unmerged pair is never enqueued again.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acceptReview, enqueueReview, listReview, rejectReview, showReview } from '../activities/merge/review-queue';
import { unmerge } from '../activities/merge/unmerge';
import { accountMatchRecord, defaultMatchModel, scorePair, type ScoredPair } from '../domain/matching';
import { freshTestDatabase, TEST_DATABASE_URL } from './support/test-database';

const run = promisify(execFile);

async function cli(...args: string[]): Promise<{ code: number; json: unknown; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/crmhub.cjs', ...args], { env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL } });
    return { code: 0, json: stdout.trim() ? JSON.parse(stdout) : null, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, json: null, stderr: e.stderr };
  }
}

type Account = { id: string; name: string; email?: string; phone?: string; city?: string; created_at?: string };

describe('review queue', () => {
  let db: Knex;
  let accounts: Account[];
  const model = defaultMatchModel('accounts');
  /** A real score from the matcher, so the explanation the queue stores is the one people will see. */
  const pair = (x: Account, y: Account): ScoredPair => scorePair(model, accountMatchRecord(x.id, x), accountMatchRecord(y.id, y));

  beforeAll(async () => {
    db = await freshTestDatabase();
  });
  afterAll(async () => db?.destroy());
  beforeEach(async () => {
    await db.raw('TRUNCATE accounts, contacts, account_potentials, source_records, merge_history, match_decisions, review_queue CASCADE');
    accounts = await db('accounts').insert([
      { name: 'Talleres García', email: 'info@talleresgarcia.es', city: 'Barcelona', created_at: '2024-01-01T00:00:00Z' },
      { name: 'Talleres Garcia', phone: '+34931234567', city: 'Barcelona', created_at: '2025-01-01T00:00:00Z' },
      { name: 'Frutas Levante', city: 'Valencia', created_at: '2025-02-01T00:00:00Z' },
      { name: 'Frutas de Levante', city: 'Valencia', created_at: '2025-03-01T00:00:00Z' },
    ]).returning(['id', 'name', 'email', 'phone', 'city']);
  });

  it('enqueues once, skips decided and deleted pairs, lists most likely first', async () => {
    const [a, b, c, d] = accounts as [Account, Account, Account, Account];
    const p1 = pair(a, b);
    expect(p1.contributions.length).toBeGreaterThan(0);
    expect(await enqueueReview(db, 'accounts', [p1, pair(c, d)])).toBe(2);
    expect(await enqueueReview(db, 'accounts', [pair(b, a)])).toBe(0); // already pending, either order
    const items = await listReview(db, { entity: 'accounts' });
    expect(items.map((i) => [i.labelA, i.labelB].sort())).toHaveLength(2);
    expect(items[0]!.probability).toBeGreaterThanOrEqual(items[1]!.probability);

    const detail = await showReview(db, items[0]!.id);
    expect(detail.fields.find(([f]) => f === 'name')).toBeDefined();
    expect(detail.explanationText).toContain('match weight');

    await rejectReview(db, items[0]!.id, { by: 'eva' });
    await db('accounts').where({ id: d.id }).update({ deleted_at: db.fn.now() });
    await db('review_queue').where({ status: 'pending' }).update({ status: 'superseded' });
    expect(await enqueueReview(db, 'accounts', [pair(a, b), pair(c, d)])).toBe(0); // rejected pair, deleted record
  });

  it('accept merges the pair into the oldest record; unmerge remembers it as not a duplicate', async () => {
    const [a, b] = accounts as [Account, Account];
    await enqueueReview(db, 'accounts', [pair(a, b)]);
    const [item] = await listReview(db);
    const r = await acceptReview(db, item!.id, { by: 'eva' });
    expect(r).toMatchObject({ survivorId: a.id, absorbedId: b.id });
    expect(await db('accounts').where({ id: b.id }).first('merged_into_id')).toEqual({ merged_into_id: a.id });
    expect(await db('merge_history').where({ id: r.mergeId }).first('decided_by', 'scores')).toMatchObject({ decided_by: 'review:eva', scores: [expect.objectContaining({ a: expect.any(String), weight: expect.any(Number) })] });
    expect(await db('review_queue').where({ id: item!.id }).first('status', 'merge_id')).toEqual({ status: 'accepted', merge_id: String(r.mergeId) });
    await expect(acceptReview(db, item!.id, { by: 'eva' })).rejects.toThrow(/accepted .* not pending/);

    await unmerge(db, r.mergeId, { decidedBy: 'user:eva' });
    expect(await enqueueReview(db, 'accounts', [pair(a, b)])).toBe(0);
    expect(await db('match_decisions').first('decision')).toEqual({ decision: 'not_duplicate' });
  });

  it('a merge supersedes the absorbed record\'s other pending pairs; unmerge reopens them', async () => {
    const [a, b, c] = accounts as [Account, Account, Account];
    await enqueueReview(db, 'accounts', [pair(a, b), pair(b, c)]);
    const ab = (await listReview(db)).find((i) => [i.recordA, i.recordB].sort().join() === [a.id, b.id].sort().join())!;
    const r = await acceptReview(db, ab.id, { by: 'eva' });
    expect((await listReview(db)).length).toBe(0);
    await unmerge(db, r.mergeId, { decidedBy: 'user:eva' });
    const open = await listReview(db);
    expect(open.map((i) => [i.recordA, i.recordB].sort())).toEqual([[b.id, c.id].sort()]);
  });

  it('works through the CLI with --json', async () => {
    const [a, b, c, d] = accounts as [Account, Account, Account, Account];
    await enqueueReview(db, 'accounts', [pair(a, b), pair(c, d)]);
    const list = await cli('review', 'list', '--entity', 'accounts', '--json');
    expect(list.code).toBe(0);
    const items = (list.json as { items: { id: number; recordA: string; recordB: string }[] }).items;
    expect(items).toHaveLength(2);
    const show = await cli('review', 'show', String(items[0]!.id), '--json');
    expect(show.json).toMatchObject({ item: { id: items[0]!.id }, explanation: { contributions: expect.any(Array) } });
    const accepted = await cli('review', 'accept', String(items[0]!.id), '--by', 'eva', '--json');
    expect(accepted.json).toMatchObject({ reviewId: items[0]!.id, mergeId: expect.any(Number) });
    const rejected = await cli('review', 'reject', String(items[1]!.id), '--by', 'eva', '--json');
    expect(rejected.json).toEqual({ reviewId: items[1]!.id });
    expect((await cli('review', 'list', '--json')).json).toEqual({ items: [] });

    const again = await cli('review', 'reject', String(items[1]!.id), '--json');
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toMatch(/^crmhub: review item \d+ is rejected \(by review:eva\), not pending$/);

    const mergeId = (accepted.json as { mergeId: number }).mergeId;
    const undone = await cli('unmerge', String(mergeId), '--by', 'eva', '--json');
    expect(undone.json).toMatchObject({ mergeId, restoredIds: [expect.any(String)] });
    expect((await cli('unmerge', String(mergeId))).stderr).toMatch(/already undone/);
    expect((await cli('unmerge', 'x')).stderr).toMatch(/a merge id is a positive number/);
  });
});
