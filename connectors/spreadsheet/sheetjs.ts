// SheetJS, loaded on first use: it costs ~23 MB RSS (measured), which a CSV import or a sync
// never needs, inside a command's 350 MB budget (issue 8 §6).
import type * as XLSX from '@e965/xlsx';

let loaded: typeof XLSX | null = null;

export function sheetjs(): typeof XLSX {
  // A deferred load, typed by the type-only import above.
  loaded ??= require('@e965/xlsx') as typeof XLSX;
  return loaded;
}

let mini: Pick<typeof XLSX, 'SSF'> | null = null;

/**
 * SheetJS's number-format library (SSF) from the package's own "mini" build: the streamed .xlsx
 * reader needs only SSF (date serials, date formats), and the full build's codepage tables and
 * writers cost 31 MB RSS where the mini build costs 7 MB (measured, @e965/xlsx 0.20.3; both
 * builds' SSF agree on every serial from -5 to 3,000,000 in steps of 0.37, both date systems).
 */
export function sheetjsNumberFormats(): Pick<typeof XLSX, 'SSF'> {
  mini ??= loaded ?? (require('@e965/xlsx/dist/xlsx.mini.min.js') as Pick<typeof XLSX, 'SSF'>);
  return mini;
}
