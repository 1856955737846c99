/**
 * CSV for people who open it in Excel: RFC 4180 quoting, and cells that a spreadsheet would run
 * as a formula (=, +, -, @, tab, CR at the start) are prefixed with an apostrophe
 * (OWASP "CSV Injection"), since quarantined rows are by definition untrusted input.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
