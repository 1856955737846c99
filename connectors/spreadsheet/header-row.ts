// Header handling shared by every format: find the header among title/blank lines, clean names.
import type { Cell } from './types';

/** How many leading rows are considered when looking for the header. */
export const HEADER_SCAN_ROWS = 30;

export function isBlankCell(cell: Cell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

export function isBlankRow(cells: Cell[]): boolean {
  for (let i = 0; i < cells.length; i++) if (!isBlankCell(cells[i])) return false;
  return true;
}

function nonEmptyCount(cells: Cell[]): number {
  let count = 0;
  for (const cell of cells) if (!isBlankCell(cell)) count++;
  return count;
}

const NUMBERISH = /^[\s+\-−]*[\d.,'\s]+%?$|^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}/;

/** A column name has a letter: `{`, `---` or `#####` are debris (a JSON brace, a rule line), not names. */
const LETTER = /\p{L}/u;

function isTextLabel(cell: Cell): boolean {
  return typeof cell === 'string' && LETTER.test(cell) && !NUMBERISH.test(cell.trim());
}

/**
 * Index (in `rows`) of the header: the first row whose non-empty cell count is near the modal
 * width of the sample (title lines like "Export 2024-01-31" have one cell) and whose non-empty
 * cells are mostly text labels (with a letter), not numbers, dates or punctuation. Returns -1
 * when no row qualifies.
 */
export function findHeaderIndex(rows: Cell[][]): number {
  const counts = rows.map(nonEmptyCount);
  const frequency = new Map<number, number>();
  for (const count of counts) if (count > 0) frequency.set(count, (frequency.get(count) ?? 0) + 1);
  let modal = 0;
  let modalFrequency = 0;
  for (const [count, freq] of frequency) {
    // Ties go to the wider row: data rows often leave optional columns empty, the header does not.
    if (freq > modalFrequency || (freq === modalFrequency && count > modal)) [modal, modalFrequency] = [count, freq];
  }
  if (modal === 0) return -1;
  for (let i = 0; i < rows.length; i++) {
    const count = counts[i]!;
    if (count === 0 || count < Math.max(1, Math.ceil(modal * 0.7))) continue;
    const labels = rows[i]!.filter((cell) => !isBlankCell(cell) && isTextLabel(cell)).length;
    if (labels / count >= 0.6) return i;
  }
  return -1;
}

/**
 * Header names as plain strings in an array (never object keys, so `__proto__` is just a name):
 * trimmed, BOMs removed, empty → `column_<n>`, duplicates → `name (2)`. Trailing columns whose
 * header is empty and that are empty in every sampled data row are dropped.
 */
export function cleanHeaders(cells: Cell[], sampledData: Cell[][]): string[] {
  let width = cells.length;
  while (width > 0 && isBlankCell(cells[width - 1]) && sampledData.every((row) => isBlankCell(row[width - 1]))) width--;
  const seen = new Set<string>();
  const headers: string[] = [];
  for (let i = 0; i < width; i++) {
    const cell = cells[i];
    const base = cell === null || cell === undefined ? '' : String(cell).replace(/\uFEFF/g, '').trim();
    let name = base === '' ? `column_${i + 1}` : base;
    for (let n = 2; seen.has(name); n++) name = `${base === '' ? `column_${i + 1}` : base} (${n})`;
    seen.add(name);
    headers.push(name);
  }
  return headers;
}
