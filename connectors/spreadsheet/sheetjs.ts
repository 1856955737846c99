// SheetJS, loaded on first use: it costs ~23 MB RSS (measured), which a CSV import or a sync
// never needs, inside a command's 350 MB budget (issue 8 §6).
import type * as XLSX from '@e965/xlsx';

let loaded: typeof XLSX | null = null;

export function sheetjs(): typeof XLSX {
  // A deferred load, typed by the type-only import above.
  loaded ??= require('@e965/xlsx') as typeof XLSX;
  return loaded;
}
