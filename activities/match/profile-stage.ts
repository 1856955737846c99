/**
 * Writing match profiles: COPY into a temporary table, then one upsert into `match_profiles`.
 *
 * A profile written as matched brings its block keys with it: the insert and update triggers
 * (migrations 016, 024, 025) add them to `match_block_keys` in key order, once per statement. Each
 * statement's keys land all over the index, so a small one still touches leaves across all of it:
 * a dedupe's refresh of 193,558 survivors upserted 2,250 a statement (86 statements, 2.1M keys)
 * and took 21.2 s of the server's time, where one statement of them all took 9.5 s
 * (docs/performance-log.md). A large sync therefore stages many pages on a connection and upserts
 * them together (`withProfileStage`, match-profiles.ts syncMatchProfiles).
 */
import type { Knex } from 'knex';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { blockingKeys, type MatchEntity, type MatchRecord } from '../../domain/matching';
import { copyRow } from '../pipeline/copy-text';
import { oneAtATime } from '../pipeline/one-at-a-time';

/**
 * At most this many profiles an upsert, unless the caller says otherwise: the staged rows sit in a
 * temporary table until then, and a retried sync redoes what its last upsert had not committed.
 */
export const FLUSH_AT = 250_000;

const CREATE_STAGE = 'CREATE TEMP TABLE crmhub_profiles_in (record_id uuid, profile jsonb, block_keys text[]) ON COMMIT DROP';

/** COPY lines; blocking keys are computed here, so a million records never hold them all at once. */
export function* profileCopyLines(records: readonly MatchRecord[], entity?: MatchEntity, matchedAt?: string | null): Generator<string> {
  let chunk: string[] = [];
  for (const r of records) {
    const keys = blockingKeys(r.e, r);
    chunk.push(copyRow(entity ? [entity, r.id, { json: r }, keys, matchedAt] : [r.id, { json: r }, keys]));
    if (chunk.length === 2000) {
      yield chunk.join('');
      chunk = [];
    }
  }
  if (chunk.length) yield chunk.join('');
}

async function copyIntoStage(client: PoolClient, records: readonly MatchRecord[]): Promise<void> {
  await pipeline(Readable.from(profileCopyLines(records)), client.query(copyFrom('COPY crmhub_profiles_in FROM STDIN')));
}

async function upsertStaged(client: PoolClient, entity: MatchEntity, matched: boolean): Promise<void> {
  await client.query(
    `INSERT INTO match_profiles (entity_type, record_id, profile, block_keys, updated_at, matched_at)
     SELECT $1, record_id, profile, block_keys, now(), CASE WHEN $2 THEN now() END FROM crmhub_profiles_in
     ON CONFLICT (entity_type, record_id) DO UPDATE
        SET profile = EXCLUDED.profile, block_keys = EXCLUDED.block_keys, updated_at = now(),
            matched_at = CASE WHEN $2 THEN now() ELSE match_profiles.matched_at END`,
    [entity, matched],
  );
}

/** Upserts profiles in one transaction and one statement. */
export async function upsertProfiles(db: Knex, entity: MatchEntity, records: readonly MatchRecord[], o: { matched: boolean }): Promise<void> {
  await withProfileStage(db, entity, o, async (stage) => stage(records));
}

/**
 * Calls `fn` with a `stage` function that queues profiles for the upsert; `stage` may be called
 * from several lanes at once (their COPYs take turns on the stage's connection). Upserts every
 * FLUSH_AT profiles (`flushAt`), each upsert in its own transaction, and the rest at the end.
 * Holds one pooled connection throughout: the callers' own queries need another.
 */
export async function withProfileStage<T>(
  db: Knex, entity: MatchEntity, o: { matched: boolean; flushAt?: number },
  fn: (stage: (records: readonly MatchRecord[]) => Promise<void>) => Promise<T>,
): Promise<T> {
  const flushAt = Math.max(1, o.flushAt ?? FLUSH_AT);
  const client = (await db.client.acquireConnection()) as PoolClient;
  let open = false;
  let staged = 0;
  const begin = async () => {
    await client.query('BEGIN');
    open = true;
    await client.query(CREATE_STAGE);
  };
  const flush = async () => {
    if (!open) return;
    if (staged > 0) await upsertStaged(client, entity, o.matched);
    await client.query('COMMIT');
    open = false;
    staged = 0;
  };
  // A failed COPY fails its caller; the transaction is rolled back below.
  const stage = oneAtATime(async (records: readonly MatchRecord[]): Promise<void> => {
    if (records.length === 0) return;
    if (!open) await begin();
    await copyIntoStage(client, records);
    staged += records.length;
    if (staged >= flushAt) await flush();
  });
  try {
    const result = await fn(stage);
    await stage.idle();
    await flush();
    return result;
  } catch (err) {
    await stage.idle();
    if (open) await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await db.client.releaseConnection(client);
  }
}
