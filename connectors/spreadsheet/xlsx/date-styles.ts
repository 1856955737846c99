// Which cell styles format numbers as dates: styles.xml cellXfs (by index = the cell's `s`) point
// at numFmts, built-in or custom (ECMA-376 Part 1, 18.8.10 cellXfs, 18.8.30 numFmt).
import { isDateFormat } from '../serial-date';
import { parseXmlPart } from './xml-part';
import type { ZipPackage } from './zip-package';

/** `result[s]` is true when cell style index `s` shows a date/time. */
export async function readDateStyles(zip: ZipPackage, file: string, part: string | null): Promise<boolean[]> {
  if (!part || !zip.has(part)) return [];
  const customFormats = new Map<number, string>();
  const styleFormatIds: number[] = [];
  let inCellXfs = false;
  await parseXmlPart(zip, part, file, {
    open(name, attrs) {
      if (name === 'numFmt' && attrs.numFmtId !== undefined) customFormats.set(Number(attrs.numFmtId), attrs.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) styleFormatIds.push(Number(attrs.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return styleFormatIds.map((id) => isDateFormat(id, customFormats.get(id)));
}
