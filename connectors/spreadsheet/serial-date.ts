// Spreadsheet dates are numbers ("serials") with a date number format. SheetJS's SSF knows the
// 1900 system (with Excel's fake 1900-02-29) and the 1904 system (ECMA-376 Part 1, 18.17.4.1).
import { sheetjsNumberFormats } from './sheetjs';

interface DateParts { y: number; m: number; d: number; H: number; M: number; S: number }
// SheetJS types SSF as `any`; these are the two functions we use.
interface Ssf {
  parse_date_code(serial: number, opts: { date1904: boolean }): DateParts | null;
  is_date(format: string): boolean;
}
const ssf = (): Ssf => sheetjsNumberFormats().SSF as Ssf;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 'YYYY-MM-DD', or 'YYYY-MM-DDTHH:mm:ss' when the serial has a time part. */
export function serialToIso(serial: number, date1904: boolean): string | number {
  const parts = ssf().parse_date_code(serial, { date1904 });
  if (!parts) return serial; // out of range (negative, or beyond 9999-12-31): keep the number
  const date = `${pad(parts.y, 4)}-${pad(parts.m)}-${pad(parts.d)}`;
  return parts.H || parts.M || parts.S ? `${date}T${pad(parts.H)}:${pad(parts.M)}:${pad(parts.S)}` : date;
}

/**
 * Built-in date/time number formats (ECMA-376 Part 1, 18.8.30): 14–22 and 45–47, plus the East
 * Asian date ids 27–36 and 50–58 that Excel also renders as dates.
 */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

export function isDateFormat(numFmtId: number, formatCode: string | undefined): boolean {
  if (formatCode === undefined) return BUILT_IN_DATE_FORMATS.has(numFmtId);
  // ssf().is_date ignores quoted text and [..] sections (colours, locales, conditions) and looks for d/m/y/h/s tokens.
  return ssf().is_date(formatCode);
}
