/** Rows gathered for one COPY + merge round. External ids are unique within a batch. */
import type { SheetRow } from '../../connectors/spreadsheet';
import type { RejectedRow } from './quarantine';

export class Batch {
  readonly lines: string[] = [];
  readonly rejects: RejectedRow[] = [];
  /** Rows kept for references that may fail in the resolve stage (a contact's account). */
  readonly rows = new Map<number, SheetRow>();
  private readonly keys = new Set<string>();
  read = 0;
  lastRow = 0;

  constructor(private readonly keepRows: boolean) {}

  has(externalId: string): boolean {
    return this.keys.has(externalId);
  }

  addLoaded(row: SheetRow, externalId: string, line: string): void {
    this.keys.add(externalId);
    this.lines.push(line);
    if (this.keepRows) this.rows.set(row.rowNumber, row);
    this.count(row);
  }

  addRejected(row: SheetRow, reject: RejectedRow): void {
    this.rejects.push(reject);
    this.count(row);
  }

  get size(): number {
    return this.read;
  }

  private count(row: SheetRow): void {
    this.read++;
    this.lastRow = row.rowNumber;
  }
}
