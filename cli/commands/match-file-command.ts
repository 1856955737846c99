/**
 * `crmhub match-file <csv...> [--mapping <file>|auto] [--entity accounts|contacts] [--id-column <name>]
 * [--link-only] --out <clusters.csv> [--json] [--explain <n>]`: the matching pipeline on files,
 * without a CRM. Rows are read and validated exactly as an import reads them (spreadsheet reader,
 * mapping, canonical row schema); the matcher gets normalized match records keyed by file and row
 * only. With `--mapping auto` (the default, as for import) each file's mapping is proposed from its
 * headers and a sample of rows. The id column is read for the output alone: a mapping that would
 * feed it to a field has it dropped (and says so), so an answer key (FEBRL's rec_id) cannot leak.
 */
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { once } from 'node:events';
import { openSpreadsheet, type Cell } from '../../connectors/spreadsheet';
import { createAccountRowSchema } from '../../domain/canonical/account-row';
import { createContactRowSchema } from '../../domain/canonical/contact-row';
import { guessLocale } from '../../domain/canonical/guess-locale';
import { LookupIndex } from '../../domain/canonical/lookup-index';
import type { RowContext } from '../../domain/canonical/row-context';
import { applyMapping, assertNoMissingColumns, compileMapping, foldHeader, loadMappingFile, type Mapping } from '../../domain/mapping';
import { explainPair, matchRecordOf, matchRecords, shareRepeatedValues, type AccountMatchInput, type ContactMatchInput, type MatchEntity, type MatchRecord, type MatchStats } from '../../domain/matching';
import { getLocaleProfile } from '../../domain/normalize';
import { csvLine } from '../csv-export';
import { note, printJson, printLine } from '../output';
import { UserError } from '../user-error';
import { proposeMapping } from './suggest-mapping-command';

export interface MatchFileOptions {
  /** A mapping file, or 'auto' (the default): proposed from each file's headers. */
  mapping?: string;
  /** Needed with --mapping auto; with a mapping file it must agree with the file's entity. */
  entity?: 'accounts' | 'contacts';
  idColumn?: string;
  linkOnly?: boolean;
  out: string;
  json?: boolean;
  explain?: string;
}

interface RejectedRow {
  file: string;
  row: number;
  id: string;
  issues: string[];
}

export interface ReadResult {
  records: MatchRecord[];
  /** Output id of each record (parallel to records). */
  outputIds: string[];
  sources: number[];
  rejected: RejectedRow[];
  read: number;
}

/**
 * The mapping without the id column: a column that the mapping (given or proposed) feeds to a
 * field is set to { "ignore": true }, matched the way the compiler matches headers. Returns the
 * column it dropped, if any, so the command can say so.
 */
export function withoutIdColumn(mapping: Mapping, idColumn: string): { mapping: Mapping; dropped: string | null } {
  const folded = foldHeader(idColumn);
  let dropped: string | null = null;
  const columns: Mapping['columns'] = {};
  for (const [column, spec] of Object.entries(mapping.columns)) {
    const isId = foldHeader(column) === folded && !(typeof spec === 'object' && spec.ignore);
    if (isId) dropped = column;
    columns[column] = isId ? { ignore: true } : spec;
  }
  return { mapping: { ...mapping, columns }, dropped };
}

export type PartyMapping = Mapping & { entity: 'accounts' | 'contacts' };

/** Matching is for parties: a mapping of facts (invoices, orders …) is refused by name. */
export function partyMapping(m: Mapping): PartyMapping {
  if (m.entity !== 'accounts' && m.entity !== 'contacts') throw new UserError(`match-file finds duplicate accounts or contacts; the mapping is for ${m.entity}`);
  return m as PartyMapping;
}

export interface ReadOptions {
  /** Called with the canonical values of every record kept (the benchmark's exact-name baseline reads the raw name). */
  onRecord?: (values: AccountMatchInput | ContactMatchInput, index: number) => void;
}

/** `mappings`: one for every file, or one for all of them. */
export async function readMatchFiles(files: readonly string[], mappings: PartyMapping | readonly PartyMapping[], idColumn: string | undefined, options: ReadOptions = {}): Promise<ReadResult> {
  const out: ReadResult = { records: [], outputIds: [], sources: [], rejected: [], read: 0 };
  const pool = new Map<string, string>(); // one copy of each repeated value (shareRepeatedValues)
  for (const [fileIndex, file] of files.entries()) {
    const mapping = Array.isArray(mappings) ? (mappings as readonly PartyMapping[])[fileIndex] : (mappings as PartyMapping);
    if (!mapping) throw new Error(`no mapping for ${file}`);
    const source = await openSpreadsheet(file, { sheet: mapping.sheet, headerRow: mapping.headerRow });
    try {
      const plan = compileMapping(mapping, source.headers, { origin: file });
      assertNoMissingColumns(plan, file);
      const idIndex = idColumn === undefined ? -1 : source.headers.findIndex((h) => foldHeader(h) === foldHeader(idColumn));
      if (idColumn !== undefined && idIndex < 0) throw new UserError(`${file}: no column "${idColumn}" (--id-column); the file has: ${source.headers.join(', ')}`);
      const profile = getLocaleProfile(mapping.locale ?? guessLocale(source.headers, source.encoding));
      // No CRM here: lookups (roles, departments) are empty, so a mapped lookup column rejects rows.
      const rc: RowContext = { profile, defaultCountry: profile.defaultCountry, lookups: new LookupIndex({}), date1904: source.date1904 };
      const schema = mapping.entity === 'accounts' ? createAccountRowSchema(rc) : createContactRowSchema(rc);
      for await (const row of source.rows()) {
        out.read++;
        const outputId = idIndex >= 0 ? cellText(row.cells[idIndex]) : files.length > 1 ? `${fileIndex + 1}:${row.rowNumber}` : String(row.rowNumber);
        if (row.issue) {
          out.rejected.push({ file, row: row.rowNumber, id: outputId, issues: [row.issue.message] });
          continue;
        }
        const { fields } = applyMapping(plan, row.cells);
        // The matcher's id says where the row is, nothing else.
        const internalId = `${fileIndex}:${row.rowNumber}`;
        const parsed = schema.safeParse(fields);
        if (!parsed.success) {
          out.rejected.push({ file, row: row.rowNumber, id: outputId, issues: parsed.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
          continue;
        }
        options.onRecord?.(parsed.data, out.records.length);
        out.records.push(shareRepeatedValues(matchRecordOf(mapping.entity, internalId, parsed.data), pool));
        out.outputIds.push(outputId);
        out.sources.push(fileIndex);
      }
    } finally {
      await source.close();
    }
  }
  return out;
}

function cellText(cell: Cell | undefined): string {
  return cell === null || cell === undefined ? '' : String(cell).trim();
}

interface PlannedMappings {
  entity: MatchEntity;
  /** One per file. */
  mappings: PartyMapping[];
  auto: boolean;
  /** The id column, when a mapping fed it to a field and it was dropped. */
  droppedIdColumn: string | null;
  /** With --mapping auto: what was proposed for each file, as suggest-mapping prints it. */
  proposals: string[];
}

/** The mapping of each file: the given file, or one proposed from the file's headers (auto); never the id column. */
async function mappingsFor(paths: readonly string[], o: MatchFileOptions): Promise<PlannedMappings> {
  const auto = o.mapping === undefined || o.mapping === 'auto';
  let mappings: PartyMapping[];
  const proposals: string[] = [];
  if (auto) {
    if (!o.entity) throw new UserError('--mapping auto needs --entity accounts or contacts');
    mappings = [];
    for (const path of paths) {
      const proposed = await proposeMapping(path, o.entity, {});
      mappings.push(partyMapping(proposed.mapping));
      proposals.push(proposed.text);
    }
  } else {
    const given = partyMapping(await loadMappingFile(resolve(o.mapping as string)));
    if (o.entity && given.entity !== o.entity) throw new UserError(`the mapping is for ${given.entity}, but --entity says ${o.entity}`);
    mappings = paths.map(() => given);
  }
  let droppedIdColumn: string | null = null;
  if (o.idColumn !== undefined) {
    mappings = mappings.map((m) => {
      const r = withoutIdColumn(m, o.idColumn as string);
      droppedIdColumn ??= r.dropped;
      return r.mapping as PartyMapping;
    });
  }
  return { entity: (mappings[0] as PartyMapping).entity, mappings, auto, droppedIdColumn, proposals };
}

/** Runs the whole command and returns its summary (the benchmark calls this). */
export async function runMatchFile(files: readonly string[], o: MatchFileOptions): Promise<MatchFileSummary> {
  const paths = files.map((f) => resolve(f));
  if (o.linkOnly && paths.length !== 2) throw new UserError('--link-only links exactly two files');
  const explain = o.explain === undefined ? 0 : Number(o.explain);
  if (!Number.isInteger(explain) || explain < 0) throw new UserError('--explain takes a whole number of pairs');
  const planned = await mappingsFor(paths, o);
  const { entity } = planned;

  const started = performance.now();
  const read = await readMatchFiles(paths, planned.mappings, o.idColumn);
  const readMs = performance.now() - started;
  const result = matchRecords({
    entity,
    records: read.records,
    ...(o.linkOnly ? { sources: read.sources, linkOnly: true } : {}),
  });

  // One line per input row: clusters of two or more first, then every record alone, then rejects.
  const clusterOf = new Map<string, { id: number; decision: string }>();
  result.clusters.forEach((c, k) => c.members.forEach((m) => clusterOf.set(m, { id: k + 1, decision: c.decision })));
  let next = result.clusters.length;
  const outPath = resolve(o.out);
  const stream = createWriteStream(outPath);
  const write = async (line: string): Promise<void> => {
    if (!stream.write(line)) await once(stream, 'drain');
  };
  // The file column goes last so readers of id,cluster_id[,decision] work on linked files too.
  const multi = paths.length > 1;
  await write(csvLine(multi ? ['id', 'cluster_id', 'decision', 'file'] : ['id', 'cluster_id', 'decision']));
  for (let i = 0; i < read.records.length; i++) {
    const r = read.records[i] as MatchRecord;
    const c = clusterOf.get(r.id) ?? { id: ++next, decision: 'alone' };
    const line = [read.outputIds[i], c.id, c.decision];
    await write(csvLine(multi ? [...line, (read.sources[i] as number) + 1] : line));
  }
  // A rejected row is still an input record: it gets a cluster of its own, marked rejected.
  let rejectedClusters = 0;
  for (const rej of read.rejected) {
    const line = [rej.id, ++next, 'rejected'];
    rejectedClusters++;
    await write(csvLine(multi ? [...line, paths.indexOf(rej.file) + 1] : line));
  }
  stream.end();
  await once(stream, 'finish');

  const byOutputId = new Map(read.records.map((r, i) => [r.id, read.outputIds[i] as string]));
  const explained = [...result.pairs]
    .sort((x, y) => y.weight - x.weight)
    .slice(0, explain)
    .map((p) => explainPair({ ...p, a: byOutputId.get(p.a) ?? p.a, b: byOutputId.get(p.b) ?? p.b }));
  const summary: MatchFileSummary = {
    files: paths,
    out: outPath,
    entity,
    linkOnly: Boolean(o.linkOnly),
    mapping: { auto: planned.auto, droppedIdColumn: planned.droppedIdColumn, ...(planned.proposals.length > 0 ? { proposed: planned.proposals } : {}) },
    rows: { read: read.read, matched: read.records.length, rejected: read.rejected.length },
    rejected: read.rejected.slice(0, 100).map((r) => ({ file: r.file, row: r.row, id: r.id, issues: r.issues })),
    ...result.stats,
    clusters: { ...result.stats.clusters, alone: next - result.clusters.length - rejectedClusters },
    timingsMs: { read: Math.round(readMs), ...result.stats.timingsMs },
    model: {
      lambda: result.model.lambda,
      training: result.model.training,
      comparisons: result.model.comparisons.map((c) => ({
        name: c.name,
        levels: c.levels.slice(1).map((label, l) => ({ label, m: c.m[l + 1], u: c.u[l + 1] })),
      })),
    },
    ...(explain > 0 ? { explained } : {}),
  };
  return summary;
}

export type MatchFileSummary = {
  files: string[];
  out: string;
  rows: { read: number; matched: number; rejected: number };
  rejected: { file: string; row: number; id: string; issues: string[] }[];
  mapping: { auto: boolean; droppedIdColumn: string | null; proposed?: string[] };
  linkedPairs: number;
  sparse: MatchStats['sparse'];
  blocking: MatchStats['blocking'];
  clusters: MatchStats['clusters'] & { alone: number };
  timingsMs: Record<string, number>;
  explained?: string[];
  [key: string]: unknown;
};

export async function matchFileCommand(files: string[], o: MatchFileOptions): Promise<number> {
  const summary = await runMatchFile(files, o);
  const { rows, blocking, linkedPairs, clusters, sparse } = summary;
  if (o.json) printJson(summary);
  else {
    for (const text of summary.mapping.proposed ?? []) note(text);
    if (summary.mapping.droppedIdColumn) note(`The id column "${summary.mapping.droppedIdColumn}" is written to the output only: the mapping fed it to a field, it was dropped.`);
    printLine(`${rows.read} rows read: ${rows.matched} matched, ${rows.rejected} rejected.`);
    printLine(`${sparse.tooFewFields} records had too few fields to match (no value any blocking rule can use); ${sparse.nameOnly} had only a name (matched on it alone: review, or automatic when the name is rare).`);
    printLine(`${blocking.candidatePairs} candidate pairs, ${linkedPairs} linked; clusters: ${clusters.auto} auto, ${clusters.review} review, ${clusters.alone} records alone.`);
    for (const r of summary.rejected.slice(0, 20)) printLine(`  rejected ${r.file} row ${r.row}: ${r.issues.join('; ')}`);
    if (rows.rejected > 20) printLine(`  … and ${rows.rejected - 20} more rejected rows (see --json)`);
    for (const e of summary.explained ?? []) printLine(e);
    note(`Wrote ${summary.out}.`);
  }
  return 0;
}
