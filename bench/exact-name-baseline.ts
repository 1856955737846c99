/**
 * The baseline a matcher has to beat: records grouped by their exact name after the plain
 * normalization every tool does (legal form split off, case and accents folded, punctuation
 * dropped: `foldText(splitLegalForm(name).name)`; for people first + last name, both required).
 * It reads the name as the file gives it, not the matcher's own normalized name, which does more
 * (lower-case legal forms, for one): that is part of what the matcher is measured on. Rows are
 * read exactly as match-file reads them, so rejected rows are alone here too, and records
 * without a name stay alone.
 */
import { resolve } from 'node:path';
import { partyMapping, readMatchFiles } from '../cli/commands/match-file-command';
import { loadMappingFile } from '../domain/mapping';
import type { AccountMatchInput, ContactMatchInput, MatchEntity } from '../domain/matching';
import { foldText, splitLegalForm } from '../domain/normalize';
import type { ClusterLine } from './match-quality';

/** The grouping key of a record's canonical values: its normalized name, or null (the record stays alone). */
export function exactNameKey(entity: MatchEntity, values: AccountMatchInput | ContactMatchInput): string | null {
  if (entity === 'accounts') {
    const name = (values as AccountMatchInput).name;
    const folded = name ? foldText(splitLegalForm(name).name) : '';
    return folded === '' ? null : folded;
  }
  const v = values as ContactMatchInput;
  const first = foldText(v.first_name);
  const last = foldText(v.last_name);
  return first !== '' && last !== '' ? `${first}|${last}` : null;
}

/** One line per record (id, cluster = its name key, decision 'exact-name'); alone when it has no name. */
export function exactNameLines(keys: readonly (string | null)[], outputIds: readonly string[]): ClusterLine[] {
  return keys.map((key, i) => ({ id: outputIds[i] as string, cluster: key === null ? `alone:${i}` : `name:${key}`, decision: 'exact-name' }));
}

export async function exactNameGrouping(files: readonly string[], mappingPath: string, idColumn: string): Promise<ClusterLine[]> {
  const mapping = partyMapping(await loadMappingFile(resolve(mappingPath)));
  const keys: (string | null)[] = [];
  const read = await readMatchFiles(files.map((f) => resolve(f)), mapping, idColumn, {
    onRecord: (values, index) => {
      keys[index] = exactNameKey(mapping.entity, values);
    },
  });
  return exactNameLines(keys, read.outputIds);
}
