/**
 * Replaying quarantined rows: the file is what `crmhub rejects <run> --csv` wrote, edited by a
 * person — crmhub's own columns (`crmhub_row`, `crmhub_reason` …) followed by the original
 * headers. The original columns go through the run's mapping as they did the first time; crmhub's
 * columns are never mapped nor kept as extras, and `crmhub_row` says which quarantined row each
 * line fixes. The apostrophe the export put before cells a spreadsheet would run as a formula
 * (csv-export.ts) is taken off again.
 */
import type { Cell, SheetRow } from '../../connectors/spreadsheet';
import type { Mapping } from '../../domain/mapping';
import { BadInputError } from '../errors';

export const REPLAY_META_PREFIX = 'crmhub_';
export const REPLAY_ROW_COLUMN = 'crmhub_row';

const PROTECTED = /^'[=+\-@\t\r]/;

export function replayColumns(headers: readonly string[], o: { rowColumn: string }) {
  const meta = headers.map((h, i) => [h, i] as const).filter(([h]) => h.toLowerCase().startsWith(REPLAY_META_PREFIX));
  const rowIndex = headers.findIndex((h) => h.toLowerCase() === o.rowColumn.toLowerCase());
  if (rowIndex < 0) {
    throw new BadInputError(`the replay file has no "${o.rowColumn}" column: start from \`crmhub rejects <run> --csv\`, edit the rows, keep that column`);
  }
  return {
    /** The run's mapping with crmhub's own columns ignored. */
    mapping(m: Mapping): Mapping {
      const columns = { ...m.columns };
      for (const [h] of meta) columns[h] = { ignore: true };
      return { ...m, columns };
    },
    /** The quarantined row this line replays (its row in the original run). */
    originOf(row: { raw: readonly (readonly [string, unknown])[] }): number | null {
      const v = row.raw[rowIndex]?.[1];
      const n = typeof v === 'number' ? v : Number(String(v ?? '').trim());
      return Number.isInteger(n) && n > 0 ? n : null;
    },
    /** Cells as the person left them, without the export's formula guard. */
    unguard(row: SheetRow): SheetRow {
      const cells: Cell[] = row.cells.map((c) => (typeof c === 'string' && PROTECTED.test(c) ? c.slice(1) : c));
      return { ...row, cells };
    },
  };
}
