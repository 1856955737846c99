// The shared string table (ECMA-376 Part 1, 18.4): loaded whole into an array (sheets refer to it
// by index), rich-text runs concatenated, phonetic runs (<rPh>) left out.
import { parseXmlPart } from './xml-part';
import type { ZipPackage } from './zip-package';

/** ST_Xstring escapes characters XML cannot carry as `_xHHHH_` (ECMA-376 Part 1, 22.9.2.19). */
export function unescapeXstring(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

export async function readSharedStrings(zip: ZipPackage, file: string, part: string | null): Promise<string[]> {
  const strings: string[] = [];
  if (!part || !zip.has(part)) return strings;
  let current: string[] = [];
  let inText = false;
  let phoneticDepth = 0;
  await parseXmlPart(zip, part, file, {
    open(name) {
      if (name === 'si') current = [];
      else if (name === 'rPh') phoneticDepth++;
      else if (name === 't' && phoneticDepth === 0) inText = true;
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phoneticDepth--;
      else if (name === 'si') strings.push(unescapeXstring(current.join('')));
    },
    text(text) {
      if (inText) current.push(text);
    },
  });
  return strings;
}
