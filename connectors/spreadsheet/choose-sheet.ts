// Sheet selection shared by the streamed XLSX reader and the SheetJS fallback.
import { SpreadsheetError } from './errors';

/** Index of the wanted sheet: by name (exact, then ignoring case and spaces) or 0-based index; the first by default. */
export function chooseSheet(names: string[], wanted: string | number | undefined, file: string): number {
  const available = names.length > 0 ? names.map((name) => `"${name}"`).join(', ') : 'none';
  let index = -1;
  if (wanted === undefined) index = names.length > 0 ? 0 : -1;
  else if (typeof wanted === 'number') index = Number.isInteger(wanted) && wanted >= 0 && wanted < names.length ? wanted : -1;
  else {
    index = names.indexOf(wanted);
    if (index === -1) index = names.findIndex((name) => name.trim().toLowerCase() === wanted.trim().toLowerCase());
  }
  if (index === -1) {
    const what = wanted === undefined ? 'any worksheet' : typeof wanted === 'number' ? `sheet index ${wanted}` : `sheet "${wanted}"`;
    throw new SpreadsheetError('sheet_not_found', `${file} has no ${what}; available sheets: ${available}`, { file, ...(typeof wanted === 'string' ? { sheet: wanted } : {}) });
  }
  return index;
}
