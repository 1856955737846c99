/**
 * The baseline a matcher has to beat: records grouped by their exact name after the matcher's own
 * normalization (legal form split off, case and accents folded, punctuation dropped: the match
 * record's `name`; for people first + last name, both required). Rows are read exactly as
 * match-file reads them, so rejected rows are alone here too, and records without a name stay alone.
 */
import { resolve } from 'node:path';
import { readMatchFiles } from '../cli/commands/match-file-command';
import { loadMappingFile } from '../domain/mapping';
import type { MatchRecord } from '../domain/matching';
import type { ClusterLine } from './match-quality';

/** The grouping key of a record: its normalized name, or null (the record stays alone). */
export function exactNameKey(r: MatchRecord): string | null {
  if (r.e === 'accounts') return r.name;
  return r.first !== null && r.last !== null ? `${r.first}|${r.last}` : null;
}

/** One line per record read (id, cluster = its name key, decision 'exact-name'); alone when it has no name. */
export function exactNameLines(records: readonly MatchRecord[], outputIds: readonly string[]): ClusterLine[] {
  return records.map((r, i) => {
    const key = exactNameKey(r);
    return { id: outputIds[i] as string, cluster: key === null ? `alone:${i}` : `name:${key}`, decision: 'exact-name' };
  });
}

export async function exactNameGrouping(files: readonly string[], mappingPath: string, idColumn: string): Promise<ClusterLine[]> {
  const mapping = await loadMappingFile(resolve(mappingPath));
  const read = await readMatchFiles(files.map((f) => resolve(f)), mapping, idColumn);
  return exactNameLines(read.records, read.outputIds);
}
