/**
 * `match_profiles`: each live record's normalized comparison values and blocking keys. Its narrow
 * twin `match_block_keys` (a row per key of a profile matched at least once, kept in step by
 * triggers: 016, 025; unlogged and rebuilt after a crash: 026, block-keys-built.ts)
 * is what makes incremental matching cheap: a batch of new records finds its candidates with a
 * btree range scan per key instead of scanning the CRM or reading its wide rows.
 *
 * A profile is stale when its record changed after it was written (`updated_at`), or missing;
 * profiles of deleted (merged) records are removed. `syncMatchProfiles` brings them up to date. A
 * profile written after it was last matched (`matched_at`) is still to be matched
 * (`profilesToMatch`); `markMatched` closes it once its merges and reviews are applied.
 */
import { BLOCK_KEY_COLUMNS, BLOCK_KEYS_PRIMARY_KEY, blockKeyHash, contributions as blockKeyRows } from '../../migrations/030_block_keys_by_hash';
import type { Knex } from 'knex';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { matchRecordOf, RULE_BLOCK_CAPS, type AccountMatchInput, type ContactMatchInput, type MatchEntity, type MatchRecord } from '../../domain/matching';
import { inFlight } from '../pipeline/in-flight';
import { oneAtATime } from '../pipeline/one-at-a-time';
import { loadRecords, type MatchInputRow } from './match-inputs';
import { analyzeIfStale, vacuumAnalyze, vacuumIfDue } from '../pipeline/fresh-statistics';
import { ensureBlockKeys } from './block-keys-built';
import { profileCopyLines, upsertProfiles, withProfileStage } from './profile-stage';

/** `indexed`: matched before, so its keys are in `match_block_keys` (migration 025). */
export interface Profile { record: MatchRecord; keys: string[]; indexed: boolean }

export function buildMatchRecord(entity: MatchEntity, row: MatchInputRow): MatchRecord {
  // The row holds the input columns of its entity (match-inputs.ts selects them).
  return matchRecordOf(entity, row.id, row as AccountMatchInput & ContactMatchInput);
}

/**
 * Fresh statistics after a large write. Without them the planner took `entity_type = 'accounts'`
 * for selective and ANDed the primary key's bitmap (every profile) into each key probe: the
 * 10k-row batch's candidate search ran for minutes against a million profiles instead of seconds.
 */
async function analyzeProfiles(db: Knex): Promise<void> {
  await db.raw('ANALYZE match_profiles');
  await vacuumBlockKeys(db);
}

/**
 * VACUUM (ANALYZE) of `match_block_keys` after a large write: a probe is index-only only where the
 * visibility map says a heap page is all-visible; after a dedupe or a first import's stage none
 * is until a vacuum, and each probe fetches its rows from the heap (measured at 200k accounts:
 * 4.0 s a chunk of 2,000 records with 315k heap fetches, 0.66 s after VACUUM). Autovacuum does it
 * too, in its own time (and is off on some servers). Needs the table's owner: as crmhub_worker it
 * is skipped with a WARNING, as ANALYZE is; never inside a transaction (VACUUM cannot be).
 */
export async function vacuumBlockKeys(db: Knex): Promise<void> {
  await vacuumAnalyze(db, 'match_block_keys');
}

/**
 * VACUUM (ANALYZE) of `match_block_keys` once it has taken enough keys, or lost enough, since it
 * was last vacuumed: autovacuum's own default thresholds (vacuumIsDue). Until then the probes of
 * the next stages fetch the heap only for the keys added since (a 10k batch adds ≈ 100k to 6M);
 * a VACUUM after every such batch cost ≈ 2.5 s (it reads the whole index to remove a few thousand
 * dead keys; measured at 6M keys). Checked by every profile sync (the start of an import's stage,
 * a dedupe's refresh after its merges); a stage that is most of the CRM vacuums at its end anyway.
 */
export async function vacuumBlockKeysIfStale(db: Knex): Promise<boolean> {
  return (await vacuumIfDue(db, ['match_block_keys'])).length > 0;
}

/**
 * One page of a sync's keyset walk over the entity: the next `span` records after `after` (deleted
 * ones too), and among them those whose profile is missing or older than the record (live records
 * only), in id order; `last` is where the page ends (null: it was the last page).
 *
 * Bounded on both sides so each page reads its own range of both tables. With `ORDER BY id LIMIT`
 * instead, the planner hashed the range against every profile: each page of a first import's sync
 * read all the profiles written so far (0.5–1.0 s a page at 853k accounts, 43 pages; measured).
 */
export async function staleProfilePage(db: Knex, entity: MatchEntity, o: { after: string | null; span: number }): Promise<{ ids: string[]; last: string | null }> {
  const { rows: [end] } = await db.raw<{ rows: { id: string }[] }>(
    `SELECT id FROM ${entity} ${o.after ? 'WHERE id > ?' : ''} ORDER BY id OFFSET ${Math.max(0, Math.trunc(o.span) - 1)} LIMIT 1`,
    o.after ? [o.after] : [],
  );
  const last = end?.id ?? null;
  const range = (col: string) => `${o.after ? `AND ${col} > ?` : ''} ${last ? `AND ${col} <= ?` : ''}`;
  const bounds = [...(o.after ? [o.after] : []), ...(last ? [last] : [])];
  const { rows } = await db.raw<{ rows: { id: string }[] }>(
    `SELECT t.id FROM ${entity} t
       LEFT JOIN match_profiles p ON p.entity_type = ? AND p.record_id = t.id ${range('p.record_id')}
      WHERE t.deleted_at IS NULL AND (p.record_id IS NULL OR p.updated_at < t.updated_at) ${range('t.id')}
      ORDER BY t.id`,
    [entity, ...bounds, ...bounds],
  );
  return { ids: rows.map((r) => r.id), last };
}

/**
 * Removes the profiles of deleted records (of those among `ids`, when given). The join re-checks
 * `deleted_at`, so a record restored since its id was read keeps its profile.
 */
export async function deleteProfilesOfDeletedRecords(db: Knex, entity: MatchEntity, ids?: readonly string[]): Promise<number> {
  const r = await db.raw(
    `DELETE FROM match_profiles p USING ${entity} t
      WHERE p.entity_type = ? ${ids ? 'AND p.record_id = ANY(?::uuid[])' : ''} AND t.id = p.record_id AND t.deleted_at IS NOT NULL`,
    ids ? [entity, ids as string[]] : [entity],
  );
  return r.rowCount ?? 0;
}

const PROFILE_PAGE = 20_000;
/**
 * Independent statements of a profile sync or a candidate search run two at a time on the pool
 * (activities/pipeline/in-flight.ts): a 2-core machine's second core is otherwise idle while
 * PostgreSQL reads for the first.
 */
const LANES = 2;
/**
 * Profiles a lane of a large sync upserts a statement. A dedupe's refresh of 193,558 survivors
 * (2.1M block keys into a 3.8M-key index): 86 statements of 2,250 profiles took 21.2 s of the
 * server's time; one of them all, 9.5 s (8.1 s of it the keys' trigger).
 */
const LANE_FLUSH_AT = 50_000;

/**
 * What a sync has to do, found in ONE hash join of the entity with its profiles: live records
 * whose profile is missing or stale, and deleted records that still have one. At most `limit`
 * rows (no order), or null when there are more: then the keyset pages below do it.
 *
 * Why: a small batch against a large CRM (issue 11, 10k rows against 1M accounts) touches ~10k
 * records, and the paged query's `ORDER BY id LIMIT` makes the planner walk both primary keys in a
 * nested loop over every live record (3.0–3.5 s at 861k accounts, measured), then the delete of
 * deleted records' profiles probes once per deleted record (0.7–1.2 s). A hash join reads each
 * table once (1.8 s cold, both at once). The planner picks the nested loop for any LIMIT, so it is
 * turned off for this one statement's transaction.
 */
async function syncWork(db: Knex, entity: MatchEntity, limit: number): Promise<{ stale: string[]; gone: string[] } | null> {
  const rows = await db.transaction(async (trx) => {
    await trx.raw('SET LOCAL enable_nestloop = off');
    const { rows: r } = await trx.raw<{ rows: { id: string; gone: boolean }[] }>(
      `SELECT t.id, t.deleted_at IS NOT NULL AS gone FROM ${entity} t
         LEFT JOIN match_profiles p ON p.entity_type = ? AND p.record_id = t.id
        WHERE (t.deleted_at IS NULL AND (p.record_id IS NULL OR p.updated_at < t.updated_at))
           OR (t.deleted_at IS NOT NULL AND p.record_id IS NOT NULL)
        LIMIT ${Math.trunc(limit) + 1}`,
      [entity],
    );
    return r;
  });
  if (rows.length > limit) return null;
  const stale: string[] = [];
  const gone: string[] = [];
  for (const r of rows) (r.gone ? gone : stale).push(r.id);
  return { stale: stale.sort(), gone };
}

/**
 * Rebuilds the profiles of stale records and removes those of deleted records; returns how many
 * it rebuilt. Up to a page of work (20k by default, `pageSize`) is found by one join; more is done
 * in keyset pages. `matched` marks them matched too (for records a merge just rewrote, which the
 * pass that merged them has already matched). `onProgress` is called after every page (an
 * activity's heartbeat).
 */
export async function syncMatchProfiles(
  db: Knex, entity: MatchEntity, opts: { matched?: boolean; onProgress?: (done: number) => void; pageSize?: number } = {},
): Promise<number> {
  const page = opts.pageSize ?? PROFILE_PAGE;
  const matched = { matched: !!opts.matched };
  let done = 0;
  const small = await syncWork(db, entity, page);
  if (small) {
    if (small.gone.length) await deleteProfilesOfDeletedRecords(db, entity, small.gone);
    if (small.stale.length) {
      await refreshProfiles(db, entity, small.stale, matched);
      done = small.stale.length;
      opts.onProgress?.(done);
    }
  } else {
    await deleteProfilesOfDeletedRecords(db, entity);
    // Two lanes take the keyset pages in turn; each stages its pages' profiles on its own
    // connection and upserts them LANE_FLUSH_AT at a time (profile-stage.ts): matched profiles
    // bring their block keys, and a few large sorted inserts touch the index's leaves far fewer
    // times than one per page. One lane builds profiles while the other's upsert runs.
    let after: string | null = null;
    let finished = false;
    let failed = false;
    const nextPage = oneAtATime(async (): Promise<string[] | null> => {
      if (finished || failed) return null;
      // Half a page a lane: as many records in memory at once as one page (a first import's
      // stage peaked 30 MB higher with a page a lane, measured).
      const { ids, last } = await staleProfilePage(db, entity, { after, span: Math.ceil(page / LANES) });
      after = last;
      finished = last === null;
      return ids;
    });
    // inFlight rejects with the first lane's error once both lanes have settled.
    await inFlight(Array.from({ length: LANES }, (_, lane) => lane), LANES, () => withProfileStage(db, entity, { ...matched, flushAt: LANE_FLUSH_AT }, async (stage) => {
      try {
        for (let ids = await nextPage(); ids !== null; ids = await nextPage()) {
          const rows = await loadRecords(db, entity, ids);
          if (rows.length) await stage(rows.map((row) => buildMatchRecord(entity, row)));
          done += ids.length;
          opts.onProgress?.(done);
        }
      } catch (err) {
        failed = true; // the other lane stops at its next page
        throw err;
      }
    }));
  }
  // Statistics and the block keys' vacuum once autovacuum's thresholds are passed (a first sync, a
  // dedupe's refresh after its merges removed millions of keys, every dozen 10k batches at 1M), not
  // whenever a sync rewrote 10,000 profiles: that VACUUM cost a 10k batch 2.3–2.6 s (measured).
  if (done > 0) await analyzeIfStale(db, ['match_profiles']);
  await vacuumBlockKeysIfStale(db);
  return done;
}

/** Rewrites the profiles of the given live records (stale ones, survivors a merge just rewrote). */
export async function refreshProfiles(db: Knex, entity: MatchEntity, ids: readonly string[], opts: { matched?: boolean } = {}): Promise<void> {
  // Two pages in flight, each loading its records, building their profiles and upserting them in
  // its own transaction. The records are disjoint, so neither waits on the other's rows. Pages are
  // half the usual size, so the same number of records is in memory at once, and a batch of up to
  // 20k is split in two. Measured at 1M accounts: no gain where the keys stay (a batch's stale
  // profiles), 10–30% where they move (survivors a merge rewrote; case 3's changed accounts).
  const size = Math.max(1, Math.min(PROFILE_PAGE / 2, Math.ceil(ids.length / 2)));
  const pages: (readonly string[])[] = [];
  for (let i = 0; i < ids.length; i += size) pages.push(ids.slice(i, i + size));
  await inFlight(pages, LANES, async (page) => {
    const rows = await loadRecords(db, entity, page);
    if (rows.length) await upsertProfiles(db, entity, rows.map((row) => buildMatchRecord(entity, row)), { matched: !!opts.matched });
  });
}

/**
 * Profiles written since they were last matched (or never matched), with their blocking keys. The
 * keys come as a JSON array: node-postgres parses a `text[]` in JavaScript, character by character,
 * and JSON natively (200k profiles of 11 keys: 2.0–2.8 s as text[], 0.7–1.2 s as JSON, alternated).
 */
export async function profilesToMatch(db: Knex, entity: MatchEntity, range?: { from: string; to: string }): Promise<Profile[]> {
  const { rows } = await db.raw<{ rows: { profile: MatchRecord; block_keys: string[]; indexed: boolean }[] }>(
    `SELECT profile, array_to_json(block_keys) AS block_keys, matched_at IS NOT NULL AS indexed FROM match_profiles
      WHERE entity_type = ? AND (matched_at IS NULL OR matched_at < updated_at)
        ${range ? 'AND record_id BETWEEN ?::uuid AND ?::uuid' : ''} ORDER BY record_id`,
    range ? [entity, range.from, range.to] : [entity],
  );
  return rows.map((r) => ({ record: r.profile, keys: r.block_keys, indexed: r.indexed }));
}

export async function markMatched(db: Knex, entity: MatchEntity, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 50_000) {
    await db.raw('UPDATE match_profiles SET matched_at = now() WHERE entity_type = ? AND record_id = ANY(?::uuid[])', [entity, ids.slice(i, i + 50_000) as string[]]);
  }
}

/**
 * Upserts profiles (profile-stage.ts: COPY into a temporary table, one statement). `replaceAll` (a
 * full dedupe) instead replaces every profile of the entity and rebuilds its block keys.
 */
export async function writeProfiles(
  db: Knex, entity: MatchEntity, records: readonly MatchRecord[], opts: { replaceAll?: boolean; matched?: boolean; onCopied?: () => void } = {},
): Promise<void> {
  if (!opts.replaceAll) return upsertProfiles(db, entity, records, { matched: !!opts.matched });
  const client = (await db.client.acquireConnection()) as PoolClient;
  try {
    await client.query('BEGIN');
    // A full rebuild: COPY straight into the table, and the entity's block keys written once
    // from it with their index dropped and rebuilt (maintaining it row by row, through the
    // triggers, cost most of the time). The triggers are off in this transaction only and the
    // index is back before COMMIT, so no other transaction ever sees the tables out of step or
    // without it; they wait for the locks meanwhile. DDL: the owner's (crmhub dedupe).
    await client.query('ALTER TABLE match_profiles DISABLE TRIGGER USER');
    await client.query('DELETE FROM match_profiles WHERE entity_type = $1', [entity]);
    await client.query('ALTER TABLE match_block_keys DROP CONSTRAINT match_block_keys_pkey');
    await client.query('DELETE FROM match_block_keys WHERE entity_type = $1', [entity]);
    // updated_at defaults to now(), the transaction's time: matched_at takes the same instant.
    const { rows: [tx] } = await client.query<{ now: string }>('SELECT now()::text AS now');
    const matchedAt = opts.matched ? tx!.now : null;
    const stream = client.query(copyFrom('COPY match_profiles (entity_type, record_id, profile, block_keys, matched_at) FROM STDIN'));
    await pipeline(Readable.from(profileCopyLines(records, entity, matchedAt)), stream);
    opts.onCopied?.(); // `records` is read; the rest is PostgreSQL's work
    // The same rows the insert trigger writes (migration 025's definition, with 030's hashes).
    await client.query(`INSERT INTO match_block_keys ${BLOCK_KEY_COLUMNS} ${blockKeyRows('p', 'match_profiles')} WHERE r.entity_type = $1`, [entity]);
    await client.query("SET LOCAL maintenance_work_mem = '256MB'");
    await client.query(`ALTER TABLE match_block_keys ADD CONSTRAINT match_block_keys_pkey PRIMARY KEY ${BLOCK_KEYS_PRIMARY_KEY}`);
    await client.query('ALTER TABLE match_profiles ENABLE TRIGGER USER');
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await db.client.releaseConnection(client);
  }
  await analyzeProfiles(db);
}

/** The block cap of a key's rule (the text before its first ':'), as the in-memory blocking has it. */
function capOf(key: string, defaultCap: number): number {
  return RULE_BLOCK_CAPS[key.slice(0, key.indexOf(':'))] ?? defaultCap;
}

/** A profile matched since it was last written: the CRM side of an incremental pass. */
const matchedSql = (alias = '') => `${alias}matched_at >= ${alias}updated_at`;

/**
 * Matched profiles (so not the batch's own) that share a blocking key with the batch: one probe
 * of `match_block_keys` per distinct key, an index-only range scan of the key's hash (migration
 * 030; the key itself compared after it) that stops at the cap + 1; LATERAL, so each key is its
 * own LIMITed scan. The profiles of the candidates are
 * then read once, by record id. (A GIN probe of `match_profiles.block_keys` checked
 * `matched_at >= updated_at` in the wide rows: 82 heap blocks a key, 30–38 s for a 10k-row batch
 * against 617k profiles.) A key held by more profiles than its rule's cap (RULE_BLOCK_CAPS, else
 * `maxBlockSize`) is an oversized block, skipped as the in-memory blocking skips it: it would cost
 * quadratic work and say little ("n:servic").
 *
 * The table holds the keys of every profile matched at least once (migration 025), the batch's own
 * rewritten records (`own`) included. They are not counted toward a block's cap, so the candidates
 * are those of the matched profiles alone, as before 025: a probe reads up to cap + 1 + the number
 * of own records holding the key, and leaves those out (a hashed NOT IN). Measured on the bench's
 * 10k batch, counting them changed what it found (533 candidates fewer, and one true merge of 2,985
 * lost). Other rewritten profiles not matched again (a later chunk's of the same stage, another
 * stage's) do count, where before 025 they did not; none is a candidate: the candidates' profiles
 * are read back matched only.
 *
 * When the batch is most of the CRM (a first import), probing key by key is slower than reading
 * the other profiles once, so that is what happens.
 */
export async function findCandidateProfiles(
  db: Knex, entity: MatchEntity, keys: readonly string[],
  o: {
    maxBlockSize: number; batchSize: number; onProgress?: () => void; oversized?: ReadonlySet<string>;
    /** The batch's profiles that have rows in `match_block_keys` (Profile.indexed). */
    own?: readonly { id: string; keys: readonly string[] }[];
  },
): Promise<MatchRecord[]> {
  // Counted up to the small-CRM threshold only: a full count scanned every profile for each chunk
  // (1.0 s at 617k profiles, 1.2 GB; measured), and only "none" and "few" matter here.
  const smallCrm = o.batchSize * 2;
  // A crash empties the unlogged keys (migration 026): rebuilt before any search relies on them.
  await ensureBlockKeys(db);
  const older = await db.raw<{ rows: { n: string }[] }>(
    `SELECT count(*) AS n FROM (SELECT 1 FROM match_profiles WHERE entity_type = ? AND ${matchedSql()} LIMIT ${Math.trunc(smallCrm) + 1}) s`, [entity],
  );
  const olderCount = Number(older.rows[0]?.n ?? 0);
  if (olderCount === 0) return [];
  if (olderCount <= smallCrm) {
    const { rows } = await db.raw<{ rows: { profile: MatchRecord }[] }>(
      `SELECT profile FROM match_profiles WHERE entity_type = ? AND ${matchedSql()} ORDER BY record_id`, [entity],
    );
    return rows.map((r) => r.profile);
  }
  // How many of the batch's own indexed records hold each key (a profile's keys are distinct).
  const ownPerKey = new Map<string, number>();
  for (const p of o.own ?? []) for (const key of new Set(p.keys)) ownPerKey.set(key, (ownPerKey.get(key) ?? 0) + 1);
  const ownIds = (o.own ?? []).map((p) => p.id);
  // Each key is probed with its rule's cap (name rules are capped tighter, as in memory).
  const byCap = new Map<number, string[]>();
  for (const key of new Set(keys)) {
    if (o.oversized?.has(key)) continue;
    const cap = capOf(key, o.maxBlockSize);
    const list = byCap.get(cap) ?? [];
    list.push(key);
    byCap.set(cap, list);
  }
  // The cap is applied in the query: a key's ids come back only when it holds at most `cap` of
  // them, and each id once per round of keys. Kept in Node as key → ids lists, a 10k batch's
  // probes against 1M accounts held every probed id of every key until the end.
  const slices: { cap: number; keys: string[] }[] = [];
  for (const [cap, capKeys] of byCap) {
    // In key order: with the index by key (before migration 030), consecutive probes walked
    // neighbouring leaves (2.1 s → 0.7 s for a chunk's 19.6k keys, measured then). The index is now
    // in the keys' hash order; probing each slice in that order instead (sorted in SQL) measured
    // no clearer (a 1M-row first import's candidates: 66.7 s, against 62.4, 67.4 and 76.0 s).
    capKeys.sort();
    for (let i = 0; i < capKeys.length; i += 5000) slices.push({ cap, keys: capKeys.slice(i, i + 5000) });
  }
  const ids = new Set<string>();
  await inFlight(slices, LANES, async ({ cap, keys: slice }) => {
    const limits = slice.map((k) => Math.trunc(cap) + 1 + (ownPerKey.get(k) ?? 0));
    const { rows } = await db.raw<{ rows: { record_id: string }[] }>(
      `SELECT DISTINCT f.record_id
         FROM unnest(?::text[], ?::int[]) AS k(key, lim)
         CROSS JOIN LATERAL (SELECT b.record_id, count(*) OVER () AS n
                               FROM (SELECT record_id FROM match_block_keys
                                      WHERE key_hash = ${blockKeyHash('?', 'k.key')} AND key = k.key
                                      LIMIT k.lim) b
                              ${ownIds.length ? 'WHERE b.record_id NOT IN (SELECT unnest(?::uuid[]))' : ''}) f
        WHERE f.n <= ${Math.trunc(cap)}`,
      ownIds.length ? [slice, limits, entity, ownIds] : [slice, limits, entity],
    );
    for (const r of rows) ids.add(r.record_id);
    o.onProgress?.();
  });
  // In record id order: a chained block (CHAINED_RULES) pairs each record with its next few, so
  // the candidates' order decides some pairs. Read in whatever order the heap holds them, the same
  // batch against the same CRM gave one pair more or less after its profiles were rewritten in
  // other groups (the 10k batch of bench:match: 101,704 pairs, then 101,703; measured).
  // Pages of half the 20k they were, two in flight: as many profiles in memory at once as before.
  const all = [...ids].sort();
  const pages: string[][] = [];
  for (let i = 0; i < all.length; i += 10_000) pages.push(all.slice(i, i + 10_000));
  const read = await inFlight(pages, LANES, async (page) => {
    const { rows } = await db.raw<{ rows: { profile: MatchRecord }[] }>(
      `SELECT profile FROM match_profiles WHERE entity_type = ? AND record_id = ANY(?::uuid[]) AND ${matchedSql()} ORDER BY record_id`,
      [entity, page],
    );
    return rows.map((r) => r.profile);
  });
  return read.flat();
}

/**
 * The keys held by more of the entity's profiles than their rule's cap, counted once over every
 * profile. A match stage that is most of the CRM (a first import) skips them without probing: a
 * probe of such a key walks past every profile holding it, mostly the stage's own unmatched ones,
 * to keep at most cap + 1 (measured at 1M rows through the former GIN index: 12,730 keys per chunk
 * of 2,000 records, 25 ms each). Counting all profiles rather than the matched ones makes the skip
 * independent of chunk order, as a full dedupe's blocking is. The profiles matched at least
 * once, rewritten since or not, are counted from `match_block_keys` (migration 025), the never
 * matched ones from their arrays (a first import's are most of the CRM, so that part still reads
 * their wide rows). A key listed twice in one profile counts once, as a probe sees it.
 */
export async function oversizedBlockKeys(db: Knex, entity: MatchEntity, maxBlockSize: number): Promise<Set<string>> {
  const smallestCap = Math.min(maxBlockSize, ...Object.values(RULE_BLOCK_CAPS));
  await ensureBlockKeys(db); // counts from the keys: never from keys a crash emptied (migration 026)
  const { rows } = await db.raw<{ rows: { key: string; n: string }[] }>(
    `SELECT key, count(*) AS n FROM (
       SELECT key FROM match_block_keys WHERE entity_type = ?
       UNION ALL
       SELECT k.key FROM match_profiles p CROSS JOIN LATERAL (SELECT DISTINCT unnest(p.block_keys)) AS k(key)
        WHERE p.entity_type = ? AND p.matched_at IS NULL) k
      GROUP BY key HAVING count(*) > ?`,
    [entity, entity, smallestCap],
  );
  return new Set(rows.filter((r) => Number(r.n) > capOf(r.key, maxBlockSize)).map((r) => r.key));
}
