/**
 * Rows gathered for one COPY + merge round. Rows that share an external id (the same customer
 * twice in one export) are collapsed into one staging row here, so they never overwrite each
 * other: the staging row carries the collapsed values, every member's row number and hash, and —
 * for such groups only — each member's payload, kept so that a later change to one member is
 * re-collapsed with the others (domain/merge/collapse-rows.ts).
 */
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { collapseMembers, type GroupMember } from '../../domain/merge';
import type { SurvivorshipEntity } from '../../domain/merge/survivorship-rules';
import { copyRow, type CopyValue } from './copy-text';
import type { AssembledRow, KnownRow } from './known-rows';
import type { RejectedRow } from './quarantine';
import type { LoadWarning, StagedRow } from './row-processor';
import type { SourceRow } from './source-row';

interface Group { first: StagedRow; more: StagedRow[] | null }

export interface BatchShape {
  /** Staging columns of the target, in `StagedRow.values` order. */
  columns: readonly string[];
  /** Survivorship rules used to collapse a group (null: later non-empty values win). */
  entity: SurvivorshipEntity | null;
}

/**
 * What the load loop and the merge need of a batch: its counts, its staging lines, its rejects
 * and warnings, and the file rows behind a staging row (for rows the resolve stage refuses).
 * `Batch` builds one row by row; a batch read in a worker thread arrives whole (row-worker.ts).
 */
export interface LoadBatch {
  readonly read: number;
  readonly lastRow: number;
  readonly size: number;
  readonly rejects: RejectedRow[];
  readonly skipped: RejectedRow[];
  readonly warnings: LoadWarning[];
  /** Rows the identity map holds as they are: counted unchanged without being staged (known-rows.ts). */
  readonly known: readonly KnownRow[];
  /** Whether any row replays another run's quarantined row. */
  readonly hasReplays: boolean;
  lines(): Iterable<string>;
  memberRows(): Map<number, number[]>;
  /** A loaded row of the batch by its row number. */
  rowOf(rowNumber: number): SourceRow | undefined;
  /** The rows that replay another run's quarantined row. */
  replayRows(): Iterable<SourceRow>;
  /** The batch's external ids, when known: batches with none in common may merge at once (load-loop.ts). */
  externalIds?(): ReadonlySet<string>;
}

export class Batch implements LoadBatch {
  readonly rejects: RejectedRow[] = [];
  readonly skipped: RejectedRow[] = [];
  readonly warnings: LoadWarning[] = [];
  readonly known: KnownRow[] = [];
  /** Every loaded row, for rejects decided in the resolve stage (references, ambiguity). */
  readonly rows = new Map<number, SourceRow>();
  private readonly groups = new Map<string, Group>();
  read = 0;
  lastRow = 0;

  constructor(private readonly shape: BatchShape) {}

  private addLoaded(row: SourceRow, staged: StagedRow): void {
    const g = this.groups.get(staged.externalId);
    if (g) (g.more ??= []).push(staged);
    else this.groups.set(staged.externalId, { first: staged, more: null });
    this.rows.set(row.rowNumber, row);
    for (const w of staged.warnings) this.warnings.push(w);
    this.count(row);
  }

  private addRejected(row: SourceRow, reject: RejectedRow): void {
    this.rejects.push(reject);
    this.count(row);
  }

  /** A row as the load assembled it (known-rows.ts assembleBatch): known, loaded, skipped or rejected. */
  add(row: SourceRow, r: AssembledRow): void {
    if (r.kind === 'known') this.addKnown(row, r.row);
    else if (r.kind === 'loaded') this.addLoaded(row, r.row);
    else if (r.kind === 'skipped') this.addSkipped(row, r.reject);
    else this.addRejected(row, r.reject);
  }

  private addKnown(row: SourceRow, known: KnownRow): void {
    this.known.push(known);
    this.count(row);
  }

  private addSkipped(row: SourceRow, reject: RejectedRow): void {
    this.skipped.push(reject);
    this.count(row);
  }

  get size(): number {
    return this.read;
  }

  get hasReplays(): boolean {
    for (const r of this.rows.values()) if (r.replays) return true;
    return false;
  }

  externalIds(): ReadonlySet<string> {
    return new Set(this.groups.keys());
  }

  rowOf(rowNumber: number): SourceRow | undefined {
    return this.rows.get(rowNumber);
  }

  *replayRows(): Iterable<SourceRow> {
    for (const r of this.rows.values()) if (r.replays) yield r;
  }

  /** Staging rows (COPY text), one per external id: the first member's line for a single row. */
  *lines(): Generator<string> {
    for (const [externalId, g] of this.groups) {
      if (!g.more) {
        const r = g.first;
        yield copyRow([r.rowNumber, uuidv7(), externalId, r.hash, JSON.stringify(r.extras), [r.hash], [String(r.rowNumber)], null, 1, r.fingerprint ?? null, ...r.values]);
        continue;
      }
      const members = [g.first, ...g.more];
      const collapsed = collapseMembers(this.shape.entity, members.map((m) => this.member(m)));
      const hashes = members.map((m) => m.hash);
      const last = members[members.length - 1]!;
      yield copyRow([
        last.rowNumber, uuidv7(), externalId, groupHash(hashes), JSON.stringify(collapsed.extras ?? {}), hashes,
        members.map((m) => String(m.rowNumber)),
        { json: members.map((m) => this.member(m)) },
        members.length,
        null, // a group's record is several rows: no one row's fingerprint stands for it
        ...this.shape.columns.map((c) => collapsed[c] as CopyValue),
      ]);
    }
  }

  /** Row numbers of every loaded row, by the staging row (its last member) that carries them. */
  memberRows(): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (const g of this.groups.values()) {
      const members = [g.first, ...(g.more ?? [])];
      out.set(members[members.length - 1]!.rowNumber, members.map((m) => m.rowNumber));
    }
    return out;
  }

  private member(r: StagedRow): GroupMember {
    const payload: Record<string, unknown> = { extras: r.extras };
    // Money in minor units is a bigint: kept as its digits, so the payload stays JSON.
    this.shape.columns.forEach((c, i) => { const v = r.values[i]; payload[c] = typeof v === 'bigint' ? v.toString() : v; });
    return { row: r.rowNumber, hash: r.hash, payload };
  }

  private count(row: SourceRow): void {
    this.read++;
    this.lastRow = row.rowNumber;
  }
}

/** The hash of a group of rows: the same rows, in the same order, give the same hash. */
export function groupHash(rowHashes: readonly string[]): string {
  return rowHashes.length === 1 ? rowHashes[0]! : createHash('sha1').update(rowHashes.join(',')).digest('base64url');
}
