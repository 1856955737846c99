/**
 * Rows a re-import need not read again. Most of an unchanged re-import's time is the row schema
 * (phones, tax ids, names: ≈ 70 µs a row, docs/performance-log.md), spent to find that the row is what
 * the identity map already holds. A row's fingerprint is a hash of what decides what the row schema
 * would read (a file row's cells and its mapping's digest, so that a known row is never mapped; or
 * else its mapped fields and extras) and of everything else that decides what it becomes (the
 * code's version, the locale, the default country, the lookups, the strict fields). The identity map keeps
 * the fingerprint of a record's row (migration 021) when that record is one row that loaded without
 * warnings. A row whose record (found by the external id in its id column) holds its fingerprint
 * is counted unchanged and recorded as seen, exactly what the resolve stage does with an unchanged
 * row, without being parsed.
 *
 * A row is parsed as before when:
 * - its fingerprint is not its record's: a new or changed row, another mapping, an edited lookup table;
 * - its external id cannot be read off its cells (no id column: the id comes from the tax id or the name);
 * - it loaded with warnings last time (no fingerprint is kept), so its warnings are reported again;
 * - the reader repaired it (its notes are warnings), it replays a quarantined row, or it is not a record;
 * - its external id is also on a row of this batch that is parsed: the two are one group and
 *   collapse together, as they always did;
 * - its external id is on a row of a recent batch whose merge may not have committed when the
 *   identity map was asked (that merge may change the record: `RecentExternalIds`).
 * The merge checks each skipped row against the identity map again in its own transaction
 * (recordKnownRows), so a record another run changed in between fails the batch (and the retry
 * reads it again) instead of being counted unchanged.
 */
import { hash } from 'node:crypto';
import type { Knex } from 'knex';
import { version as crmhubVersion } from '../../package.json';
import type { RowContext } from '../../domain/canonical/row-context';
import type { ProcessedRow } from './row-processor';
import type { SourceRow } from './source-row';
import type { EntityTarget, EntityType } from './targets/entity-target';

/** Bump when a row schema or a normalizer changes what the same row becomes (also in a release). */
export const ROW_FINGERPRINT_VERSION = 1;

/** A row counted unchanged without being parsed: its place, and the record the identity map keeps for it. */
export interface KnownRow { rowNumber: number; externalId: string; fingerprint: string }

/**
 * Whether a load skips known rows: targets that do nothing else with an unchanged row, and not in a
 * dry run (its writes are never committed, so the identity map it could ask is not the one it
 * merges into). `CRMHUB_SKIP_KNOWN_ROWS=0` parses every row (A/B benchmarks, a suspected bug).
 */
export function skipsKnownRows(target: EntityTarget<{ external_id: string }>, dryRun: boolean): boolean {
  return target.skipsKnownRows === true && !dryRun && process.env.CRMHUB_SKIP_KNOWN_ROWS !== '0';
}

/** Everything besides the row that decides what it becomes (and its source), hashed once per load. */
export function fingerprintSeed(sourceSystem: string, target: EntityTarget<{ external_id: string }>, rc: RowContext, strict: readonly string[]): string {
  return hash('sha256', JSON.stringify([
    ROW_FINGERPRINT_VERSION, crmhubVersion, sourceSystem, target.entity, target.stageColumns.map(([c]) => c), [...strict].sort(),
    rc.profile, rc.defaultCountry, rc.date1904, rc.lookups.digest,
  ]), 'base64url');
}

/** The row's fingerprint (a 128-bit hash, as a uuid's 32 hex digits), or null for a row that is always parsed. */
export function rowFingerprint(seed: string, row: SourceRow): string | null {
  if (row.skip || row.issue || row.replays || (row.notes && row.notes.length > 0)) return null;
  // A file row's cells and its mapping's digest decide its fields and extras: hashed without
  // mapping the row, or building the JSON of its fields (≈ 3 µs a row of the bench's file, measured).
  // The separator after the seed keeps these apart from the fields' JSON below (which starts with "{").
  const content = row.content?.() ?? null;
  if (content !== null) return hash('sha256', `${seed}\u0002${content}`, 'hex').slice(0, 32);
  if (row.fields === null) return null;
  // Key order is the mapping's column order, fixed for a file layout; another layout only parses again.
  // One string hashed by the one-shot crypto.hash: no Hash object (with its native context, freed
  // only when V8 collects it) per row; 1.85 → 1.03 µs a hash against createHash().update().digest()
  // (1M hashes of a row-sized string, measured).
  // 32 hex digits, which PostgreSQL reads as a uuid without its hyphens: a row's fingerprint waits
  // with its batch, and one slice of the digest is 112 bytes of heap where the hyphenated text,
  // five slices and their joins, was 360 (measured), all of it copied by every scavenge it survives.
  return hash('sha256', `${seed}${JSON.stringify(row.fields)}\u0000${JSON.stringify(row.extras)}`, 'hex').slice(0, 32);
}

export interface KnownRowsScope { sourceSystem: string; entityType: EntityType; runId: number }

/** A row's fingerprint and the external id to look it up by (both null: the row is always parsed). */
export interface RowKey { fingerprint: string | null; externalId: string | null }

export function rowKey(seed: string | null, target: EntityTarget<{ external_id: string }>, row: SourceRow): RowKey {
  const fingerprint = seed ? rowFingerprint(seed, row) : null;
  const externalId = fingerprint && target.externalIdOf ? target.externalIdOf(row) : null;
  return { fingerprint, externalId };
}

/**
 * Which of these rows the identity map holds as they are: the external ids whose record was last
 * loaded from a row with this fingerprint, by fingerprint. Records this run wrote are left out: a
 * row of the same customer further down the file collapses with what the run wrote.
 *
 * One probe of the identity map's unique index per row, the fingerprint compared on the record
 * found (LATERAL … LIMIT 1: the planner cannot turn it into a scan of the source, whatever its
 * statistics). A wrong lookup key finds a record whose fingerprint differs, so the row is parsed.
 */
export async function findKnownRows(db: Knex, scope: KnownRowsScope, keys: { externalIds: string[]; fingerprints: string[] }): Promise<Map<string, string>> {
  const known = new Map<string, string>();
  if (keys.externalIds.length === 0) return known;
  const { rows } = await db.raw<{ rows: { fp: string; external_id: string }[] }>(
    // k.fp is returned as it was sent (the row's text, not the uuid's hyphenated form): it is the key.
    `SELECT k.fp, k.external_id
       FROM unnest(?::text[], ?::text[]) AS k(external_id, fp)
       CROSS JOIN LATERAL (SELECT sr.row_fingerprint, sr.last_run_id FROM source_records sr
                            WHERE sr.source_system_code = ? AND sr.entity_type = ? AND sr.external_id = k.external_id LIMIT 1) f
      WHERE f.row_fingerprint = k.fp::uuid AND f.last_run_id IS DISTINCT FROM ?`,
    [keys.externalIds, keys.fingerprints, scope.sourceSystem, scope.entityType, scope.runId],
  );
  for (const r of rows) known.set(r.fp, r.external_id);
  return known;
}

/**
 * Whether the source has any fingerprint to find (from another run): a first import of a source,
 * or the first one after migration 021, asks nothing (≈ 7 s of a 1M-row first import, measured).
 */
export async function hasKnownRows(db: Knex, scope: KnownRowsScope): Promise<boolean> {
  const { rows } = await db.raw<{ rows: { found: boolean }[] }>(
    `SELECT EXISTS (SELECT 1 FROM source_records WHERE row_fingerprint IS NOT NULL AND source_system_code = ? AND entity_type = ?
                       AND last_run_id IS DISTINCT FROM ?) AS found`,
    [scope.sourceSystem, scope.entityType, scope.runId],
  );
  return rows[0]?.found === true;
}

/** Asks the identity map (findKnownRows, or a worker thread's message to the thread that can). */
export type FindKnown = (keys: { externalIds: string[]; fingerprints: string[] }) => Promise<Map<string, string>>;

/**
 * The rows of the batch being read, asked in chunks as they come, so the probes run while the rest
 * of the batch is read instead of after it (the load waited 9.7 s of a 1M-row re-import for them,
 * measured). `find` null: nothing to find, nothing asked.
 */
export class BatchProbe {
  private keys: RowKey[] = [];
  private asked = 0;
  private answers: Promise<Map<string, string>>[] = [];

  constructor(private readonly find: FindKnown | null, private readonly chunk = 2000) {}

  /** Whether it asks the identity map at all (nothing to find on a source's first import). */
  get asks(): boolean {
    return this.find !== null;
  }

  add(key: RowKey): void {
    this.keys.push(key);
    if (this.find && this.keys.length - this.asked >= this.chunk) this.ask();
  }

  /** The batch's fingerprints (one per row added) and what the identity map knows of them; starts the next batch. */
  async take(): Promise<{ fingerprints: (string | null)[]; known: Map<string, string> }> {
    if (this.find) this.ask();
    const { keys, answers } = this;
    this.keys = [];
    this.asked = 0;
    this.answers = [];
    const known = new Map<string, string>();
    for (const part of await Promise.all(answers)) for (const [fp, id] of part) known.set(fp, id);
    return { fingerprints: keys.map((k) => k.fingerprint), known };
  }

  private ask(): void {
    const externalIds: string[] = [];
    const fingerprints: string[] = [];
    for (let i = this.asked; i < this.keys.length; i++) {
      const k = this.keys[i]!;
      if (k.fingerprint !== null && k.externalId !== null) {
        externalIds.push(k.externalId);
        fingerprints.push(k.fingerprint);
      }
    }
    this.asked = this.keys.length;
    if (externalIds.length === 0) return;
    const answer = this.find!({ externalIds, fingerprints });
    answer.catch(() => undefined); // awaited in take(); an earlier failure must not be unhandled meanwhile
    this.answers.push(answer);
  }
}

/**
 * External ids of the last few batches handed to the merge: a row of one of them is parsed, since
 * that batch's merge may not have committed when the identity map was asked.
 */
export class RecentExternalIds {
  private readonly batches: ReadonlySet<string>[] = [];

  constructor(private readonly depth: number) {}

  add(ids: ReadonlySet<string>): void {
    this.batches.push(ids);
    if (this.batches.length > this.depth) this.batches.shift();
  }

  has(id: string): boolean {
    return this.batches.some((b) => b.has(id));
  }
}

export type AssembledRow = { kind: 'known'; row: KnownRow } | ProcessedRow;

/**
 * A batch's rows processed (or known), in row order. `known` maps fingerprints to external ids
 * (findKnownRows). `pause` lets the event loop run between rows (load-loop.ts).
 */
export async function assembleBatch(
  rows: readonly SourceRow[],
  fingerprints: readonly (string | null)[],
  known: ReadonlyMap<string, string>,
  recent: RecentExternalIds,
  processRow: (row: SourceRow) => ProcessedRow,
  pause?: () => Promise<void>,
): Promise<AssembledRow[]> {
  const out: (AssembledRow | null)[] = new Array<AssembledRow | null>(rows.length).fill(null);
  const process = (i: number): AssembledRow => {
    const r = processRow(rows[i]!);
    // Kept with the record only when the row becomes it without a warning (see the header).
    if (r.kind === 'loaded') r.row.fingerprint = r.row.warnings.length === 0 ? fingerprints[i] ?? null : null;
    return r;
  };
  const hits: [index: number, externalId: string][] = [];
  for (let i = 0; i < rows.length; i++) {
    const fp = fingerprints[i];
    const externalId = fp ? known.get(fp) : undefined;
    if (externalId !== undefined && !recent.has(externalId)) hits.push([i, externalId]);
    else {
      out[i] = process(i);
      if (pause && (i & 63) === 63) await pause();
    }
  }
  if (hits.length === 0) return out as AssembledRow[]; // a first import: nothing known
  const parsedIds = new Set<string>();
  for (const r of out) if (r?.kind === 'loaded') parsedIds.add(r.row.externalId);
  for (const [i, externalId] of hits) {
    out[i] = parsedIds.has(externalId)
      ? process(i)
      : { kind: 'known', row: { rowNumber: rows[i]!.rowNumber, externalId, fingerprint: fingerprints[i]! } };
  }
  return out as AssembledRow[];
}

/**
 * In the merge's transaction: the batch's known rows, checked against the identity map again and
 * recorded as seen (seen-rows.ts), as the resolve stage records an unchanged row. Throws when one
 * no longer matches (another run changed its record since the batch was read): the batch is
 * retried and reads that row again.
 */
export async function recordKnownRows(trx: Knex.Transaction, scope: KnownRowsScope, seenTable: string, rows: readonly KnownRow[]): Promise<void> {
  if (rows.length === 0) return;
  const { rowCount } = await trx.raw(
    `INSERT INTO ${seenTable} (external_id, row_hash, row_number)
     SELECT k.external_id, f.data_hash, k.row_number
       FROM unnest(?::text[], ?::uuid[], ?::int[]) AS k(external_id, fp, row_number)
       CROSS JOIN LATERAL (SELECT sr.data_hash FROM source_records sr
                            WHERE sr.source_system_code = ? AND sr.entity_type = ? AND sr.external_id = k.external_id
                              AND sr.row_fingerprint = k.fp AND sr.row_hashes IS NULL
                              AND sr.last_run_id IS DISTINCT FROM ? LIMIT 1) f`,
    [rows.map((r) => r.externalId), rows.map((r) => r.fingerprint), rows.map((r) => r.rowNumber), scope.sourceSystem, scope.entityType, scope.runId],
  );
  if (rowCount !== rows.length) {
    throw new Error(`${rows.length - (rowCount ?? 0)} of the batch's ${rows.length} unchanged rows (rows ${rows[0]!.rowNumber}–${rows[rows.length - 1]!.rowNumber}) `
      + 'changed in the CRM\'s identity map while the batch was read (another run of the same source?): the batch is read again');
  }
}

/**
 * Fingerprints for records the batch found unchanged by parsing them: records loaded before
 * migration 021, or before the lookups or the mapping changed. Written once; the next re-import
 * skips those rows. One index probe per row (LATERAL, as the identity step).
 */
export async function rememberFingerprints(trx: Knex.Transaction, ctx: { stage: string; sourceSystem: string }, entityType: EntityType): Promise<void> {
  await trx.raw(
    `UPDATE source_records sr SET row_fingerprint = m.fp
       FROM (SELECT f.id, s.row_fingerprint AS fp FROM ${ctx.stage} s
               CROSS JOIN LATERAL (SELECT r.id, r.row_fingerprint, r.row_hashes FROM source_records r
                                    WHERE r.source_system_code = ? AND r.entity_type = ? AND r.external_id = s.external_id LIMIT 1) f
              WHERE s.action = 'unchanged' AND s.row_fingerprint IS NOT NULL AND s.batch_rows = 1
                AND f.row_hashes IS NULL AND f.row_fingerprint IS DISTINCT FROM s.row_fingerprint) m
      WHERE sr.id = m.id`,
    [ctx.sourceSystem, entityType],
  );
}
