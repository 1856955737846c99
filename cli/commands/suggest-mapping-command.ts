/**
 * `crmhub suggest-mapping <file> --entity … [--out file] [--json]`: reads the headers (and a
 * sample of rows) and proposes a mapping; columns it cannot place stay extras, never lost.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { openSpreadsheet, type Cell } from '../../connectors/spreadsheet';
import { guessLocale } from '../../domain/canonical/guess-locale';
import { formatSuggestion, mappingToJson, suggestMapping, type Mapping } from '../../domain/mapping';
import { note, printJson, printLine } from '../output';

export async function proposeMapping(
  path: string,
  entity: 'accounts' | 'contacts',
  o: { sheet?: string | number; encoding?: string; delimiter?: string; headerRow?: number },
): Promise<{ mapping: Mapping; text: string; save(to: string): Promise<void>; confidence: unknown }> {
  const source = await openSpreadsheet(path, { sheet: o.sheet, encoding: o.encoding, delimiter: o.delimiter, headerRow: o.headerRow });
  const sample: Cell[][] = [];
  try {
    for await (const r of source.rows()) {
      sample.push(r.cells);
      if (sample.length >= 50) break;
    }
  } finally {
    await source.close();
  }
  const result = suggestMapping(source.headers, entity, { sampleRows: sample });
  const mapping: Mapping = {
    ...result.mapping,
    locale: result.mapping.locale ?? guessLocale(source.headers, source.encoding),
    ...(source.sheet ? { sheet: source.sheet } : {}),
    headerRow: source.headerRowNumber,
  };
  const text = `Proposed mapping for ${path} (${entity}; ${source.format}${source.encoding ? `, ${source.encoding}` : ''}${source.delimiter ? `, delimiter ${JSON.stringify(source.delimiter)}` : ''}, header on row ${source.headerRowNumber}):\n${formatSuggestion(result)}`;
  return {
    mapping,
    text,
    confidence: result.confidence,
    save: (to) => writeFile(to, `${mappingToJson(mapping)}\n`),
  };
}

export async function suggestMappingCommand(file: string, o: { entity: 'accounts' | 'contacts'; out?: string; sheet?: string; json?: boolean }): Promise<number> {
  const proposed = await proposeMapping(resolve(file), o.entity, { sheet: o.sheet && /^\d+$/.test(o.sheet) ? Number(o.sheet) : o.sheet });
  if (o.out) await proposed.save(resolve(o.out));
  if (o.json) printJson({ mapping: proposed.mapping, confidence: proposed.confidence, savedTo: o.out ? resolve(o.out) : null });
  else {
    printLine(proposed.text);
    if (o.out) note(`Saved to ${resolve(o.out)}.`);
    else note('Save it with --out <file>, edit it, and import with --mapping <file>.');
  }
  return 0;
}
