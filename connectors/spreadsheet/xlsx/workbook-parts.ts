// Sheet names/order, part paths and the date system, from the package relationships and
// workbook.xml (ECMA-376 Part 1, 18.2 Workbook; Part 2, 9 Relationships).
import { posix } from 'node:path';
import { attribute, parseXmlPart } from './xml-part';
import type { ZipPackage } from './zip-package';

export interface WorkbookSheet {
  name: string;
  part: string;
}

export interface WorkbookParts {
  sheets: WorkbookSheet[];
  date1904: boolean;
  sharedStringsPart: string | null;
  stylesPart: string | null;
}

interface Relationship {
  type: string;
  target: string;
}

/** `_rels/x.xml.rels` beside part `x.xml`; targets are relative to the part's folder unless absolute. */
async function readRelationships(zip: ZipPackage, file: string, part: string): Promise<Map<string, Relationship>> {
  const folder = posix.dirname(part);
  const relsPart = posix.join(folder, '_rels', `${posix.basename(part)}.rels`).replace(/^\.\//, '');
  const rels = new Map<string, Relationship>();
  if (!zip.has(relsPart)) return rels;
  await parseXmlPart(zip, relsPart, file, {
    open(name, attrs) {
      if (name !== 'Relationship' || !attrs.Id || !attrs.Target || attrs.TargetMode === 'External') return;
      const target = attrs.Target.startsWith('/') ? attrs.Target.slice(1) : posix.normalize(posix.join(folder, attrs.Target));
      rels.set(attrs.Id, { type: attrs.Type ?? '', target });
    },
  });
  return rels;
}

const byType = (rels: Map<string, Relationship>, suffix: string) =>
  [...rels.values()].find((rel) => rel.type.endsWith(suffix))?.target ?? null;

/** The workbook's parts, or null when the package has no workbook part (not an Excel workbook). */
export async function readWorkbookParts(zip: ZipPackage, file: string): Promise<WorkbookParts | null> {
  const root = await readRelationships(zip, file, '');
  const workbookPart = byType(root, '/officeDocument') ?? 'xl/workbook.xml';
  if (!zip.has(workbookPart)) return null;
  const rels = await readRelationships(zip, file, workbookPart);
  const sheets: WorkbookSheet[] = [];
  let date1904 = false;
  await parseXmlPart(zip, workbookPart, file, {
    open(name, attrs) {
      // ST_Boolean accepts "1" and "true" (ECMA-376 Part 1, 22.9.2.1).
      if (name === 'workbookPr') date1904 = attrs.date1904 === '1' || attrs.date1904 === 'true';
      if (name !== 'sheet') return;
      const target = rels.get(attribute(attrs, 'id', true) ?? '')?.target;
      // Chart sheets and dialog sheets have no cell grid: only worksheets are offered.
      if (attrs.name !== undefined && target && zip.has(target) && !target.includes('chartsheets/')) sheets.push({ name: attrs.name, part: target });
    },
  });
  return {
    sheets,
    date1904,
    sharedStringsPart: byType(rels, '/sharedStrings'),
    stylesPart: byType(rels, '/styles'),
  };
}
