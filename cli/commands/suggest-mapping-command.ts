/**
 * `crmhub suggest-mapping <file> --entity … [--out file] [--json]`: reads the headers (and a
 * sample of rows) and proposes a mapping; columns it cannot place stay extras, never lost.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { openSpreadsheet, type Cell } from '../../connectors/spreadsheet';
import { guessLocale } from '../../domain/canonical/guess-locale';
import type { TargetEntity } from '../../domain/canonical/fields';
import { formatSuggestion, mappingToJson, suggestMapping, type Mapping } from '../../domain/mapping';
import type { LookupIndex } from '../../domain/canonical/lookup-index';
import { note, printJson, printLine } from '../output';
import { suggestionLookups } from './suggestion-lookups';

export async function proposeMapping(
  path: string,
  entity: TargetEntity,
  o: { sheet?: string | number; encoding?: string; delimiter?: string; headerRow?: number; lookups?: LookupIndex },
): Promise<{ mapping: Mapping; text: string; save(to: string): Promise<void>; confidence: unknown; lookupsFrom: 'database' | 'seed' | 'caller' }> {
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
  // Lookup fields are proposed only when the sample values resolve against the lookups an import will use.
  const { lookups, from } = o.lookups ? { lookups: o.lookups, from: 'caller' as const } : await suggestionLookups();
  const result = suggestMapping(source.headers, entity, { sampleRows: sample, lookups });
  const mapping: Mapping = {
    ...result.mapping,
    locale: result.mapping.locale ?? guessLocale(source.headers, source.encoding),
    ...(source.sheet ? { sheet: source.sheet } : {}),
    headerRow: source.headerRowNumber,
  };
  const lookupNote = from === 'seed' ? '\nLookup values were checked against the built-in defaults (the database was not reachable or not migrated).' : '';
  const text = `Proposed mapping for ${path} (${entity}; ${source.format}${source.encoding ? `, ${source.encoding}` : ''}${source.delimiter ? `, delimiter ${JSON.stringify(source.delimiter)}` : ''}, header on row ${source.headerRowNumber}):\n${formatSuggestion(result)}${lookupNote}`;
  return {
    mapping,
    text,
    confidence: result.confidence,
    lookupsFrom: from,
    save: (to) => writeFile(to, `${mappingToJson(mapping)}\n`),
  };
}

export async function suggestMappingCommand(file: string, o: { entity: TargetEntity; out?: string; sheet?: string; json?: boolean }): Promise<number> {
  const proposed = await proposeMapping(resolve(file), o.entity, { sheet: o.sheet && /^\d+$/.test(o.sheet) ? Number(o.sheet) : o.sheet });
  if (o.out) await proposed.save(resolve(o.out));
  if (o.json) printJson({ mapping: proposed.mapping, confidence: proposed.confidence, lookupsFrom: proposed.lookupsFrom, savedTo: o.out ? resolve(o.out) : null });
  else {
    printLine(proposed.text);
    if (o.out) note(`Saved to ${resolve(o.out)}.`);
    else note('Save it with --out <file>, edit it, and import with --mapping <file>.');
  }
  return 0;
}
