/**
 * Matching quality benchmark: runs `crmhub match-file` (the same pipeline the CRM uses, in its own
 * process) on FEBRL 1, 2, 3 (dedup), FEBRL 4a+4b (linkage), the seeded company set and its two
 * sparse variants (names only; name + address), then scores its clusters against the ground truth
 * carried by the record ids (FEBRL "rec-<N>-org" / "rec-<N>-dup-<k>", companies "E<N>-<k>"). The
 * id column is passed as --id-column, which the mappings ignore: the truth never reaches the
 * matcher, only this scorer reads it.
 *
 * Two views of one run: "all" scores every cluster match-file proposes (automatic merges and
 * review pairs, i.e. as if every review were accepted); "auto" scores the automatic merges alone,
 * whose precision is what a user gets without looking. Next to it, the baseline every matcher has
 * to beat: the same rows grouped by exact normalized name (exact-name-baseline.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { evaluateClustering, type ClusteringScores } from '../domain/matching/evaluation';
import { companyNamesErrorBreakdown, formatNamesErrorBreakdown } from './company-names-errors';
import { exactNameGrouping } from './exact-name-baseline';
import { COMPANY_ADDRESS_COLUMNS, COMPANY_ADDRESS_SET, companyAddressRows } from './generators/company-addresses';
import { COMPANY_NAMES_COLUMNS, COMPANY_NAMES_SET, companyNameRows } from './generators/company-names';
import { COMPANY_QUALITY_SET, writeCompaniesCsv, writeRowsCsv } from './generators/companies-csv';
import { companyEntityOfRecordId } from './generators/companies-rows';
import { companyErrorBreakdown, formatCompanyErrorBreakdown } from './generators/companies-truth';
import { resourceUsage } from './bench-process';

const ROOT = join(__dirname, '..');
const FEBRL_DIR = process.env.FEBRL_DIR ?? '/work/shared/datasets/febrl';

export interface QualityTarget {
  /** f1OverExactName: the matcher's F1 at least that of exact-name grouping on the same rows. */
  metric: 'f1' | 'autoPrecision' | 'f1OverExactName';
  min: number;
  value: number;
  pass: boolean;
}

export interface QualityReport {
  dataset: string;
  /** Records in the input file(s): every one is scored (absent from the output = alone). */
  records: number;
  /** Records match-file wrote a cluster for (less than `records` when it rejected rows). */
  outputRecords: number;
  /** Clusters of two or more records, by decision. */
  clusters: { auto: number; review: number };
  all: ClusteringScores;
  auto: ClusteringScores;
  /** The same rows grouped by exact normalized name (null when it could not be computed). */
  exactName: ClusteringScores | null;
  targets: QualityTarget[];
  pass: boolean;
  seconds: number;
  peakRssMB: number | null;
  /** From match-file's summary, when it printed them: candidate pairs scored, rows it rejected. */
  candidatePairs: number | null;
  rejectedRows: number | null;
  /** Records with too few fields to match, and records with nothing but a name (match-file's stats). */
  tooFewFields: number | null;
  nameOnly: number | null;
  /** match-file's --json document, as printed. */
  stats: unknown;
  /** Where the errors are (the company set: wrong pairs by hard negative, missed pairs by sources). */
  details?: string;
  error?: string;
}

export interface ClusterLine {
  id: string;
  cluster: string;
  decision: string;
}

/** FEBRL truth: "rec-12-org", "rec-12-dup-3" → "12". */
export function febrlEntityOf(id: string): string {
  const m = /^rec-(\d+)-(?:org|dup-\d+)$/.exec(id.trim());
  if (!m) throw new Error(`not a FEBRL record id: "${id}"`);
  return m[1] as string;
}

/** Reads match-file's output CSV (id,cluster_id[,decision], header optional). */
export function parseClusterCsv(text: string): ClusterLine[] {
  const rows = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as string[][];
  const start = rows[0]?.[0] === 'id' ? 1 : 0;
  return rows.slice(start).map((r, k) => {
    if (!r[0] || !r[1]) throw new Error(`cluster file line ${k + start + 1}: expected id,cluster_id[,decision]`);
    return { id: r[0], cluster: r[1], decision: r[2] ?? '' };
  });
}

/**
 * Scores clusters against the truth (id → entity). "auto" keeps only clusters whose decision is
 * 'auto': every other record counts as alone.
 */
export function scoreClusters(lines: readonly ClusterLine[], truth: ReadonlyMap<string, string>): Pick<QualityReport, 'all' | 'auto' | 'clusters' | 'outputRecords'> {
  const all = new Map<string, string>();
  const auto = new Map<string, string>();
  const decisionOf = new Map<string, string>();
  const size = new Map<string, number>();
  for (const l of lines) {
    if (!truth.has(l.id)) throw new Error(`match-file wrote an id that is not in the input: "${l.id}"`);
    if (all.has(l.id)) throw new Error(`match-file wrote id "${l.id}" twice`);
    all.set(l.id, l.cluster);
    if (l.decision === 'auto') auto.set(l.id, l.cluster);
    decisionOf.set(l.cluster, l.decision);
    size.set(l.cluster, (size.get(l.cluster) ?? 0) + 1);
  }
  const clusters = { auto: 0, review: 0 };
  for (const [c, n] of size) {
    if (n < 2) continue;
    if (decisionOf.get(c) === 'auto') clusters.auto++;
    else clusters.review++;
  }
  return { all: evaluateClustering(all, truth), auto: evaluateClustering(auto, truth), clusters, outputRecords: all.size };
}

export function checkTargets(name: string, s: Pick<QualityReport, 'all' | 'auto'>, exactName: ClusteringScores | null = null): QualityTarget[] {
  const t = (metric: QualityTarget['metric'], min: number, value: number): QualityTarget => ({ metric, min, value, pass: value >= min });
  const out = [t('autoPrecision', 0.99, s.auto.pairwise.precision)];
  if (name === 'FEBRL 4a+4b') out.push(t('f1', 0.98, s.all.pairwise.f1));
  if (name === 'FEBRL 3') out.push(t('f1', 0.95, s.all.pairwise.f1));
  if (exactName) out.push(t('f1OverExactName', exactName.pairwise.f1, s.all.pairwise.f1));
  return out;
}

/** The few fields of match-file's --json summary the table shows; anything else passes through. */
const MatchFileSummary = z.looseObject({
  rows: z.looseObject({ rejected: z.number() }).optional(),
  blocking: z.looseObject({ candidatePairs: z.number() }).optional(),
  sparse: z.looseObject({ tooFewFields: z.number(), nameOnly: z.number() }).optional(),
});
type MatchFileSummary = z.infer<typeof MatchFileSummary>;

interface Dataset {
  name: string;
  files: string[];
  mapping: string;
  idColumn: string;
  linkOnly: boolean;
  entityOf: (id: string) => string;
  details?: (lines: readonly ClusterLine[]) => string;
}

function readIds(file: string, idColumn: string): string[] {
  const rows = parse(readFileSync(file), { columns: true, trim: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  return rows.map((r, k) => {
    const id = r[idColumn];
    if (!id) throw new Error(`${file} row ${k + 2}: no ${idColumn}`);
    return id;
  });
}

function runMatchFile(ds: Dataset, out: string): Promise<{ seconds: number; stdout: string; stderr: string; code: number | null; peakRssMB: number | null }> {
  const args = ['bin/crmhub.cjs', 'match-file', ...ds.files, '--mapping', ds.mapping, '--id-column', ds.idColumn, '--out', out, '--json'];
  if (ds.linkOnly) args.push('--link-only');
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, CRMHUB_PRINT_RESOURCE_USAGE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const { maxRSS } = resourceUsage(stderr);
      resolve({ seconds: (performance.now() - t0) / 1000, stdout, stderr, code, peakRssMB: maxRSS ? Math.round(maxRSS / 1024) : null });
    });
  });
}

async function runDataset(ds: Dataset, dir: string): Promise<QualityReport> {
  const truth = new Map<string, string>();
  for (const f of ds.files) for (const id of readIds(f, ds.idColumn)) truth.set(id, ds.entityOf(id));
  const out = join(dir, `${ds.name.replace(/\W+/g, '-')}-clusters.csv`);
  const run = await runMatchFile(ds, out);
  let stats: unknown = null;
  try {
    stats = JSON.parse(run.stdout);
  } catch {
    stats = run.stdout.slice(0, 2000);
  }
  const summary = MatchFileSummary.safeParse(stats);
  const known: MatchFileSummary = summary.success ? summary.data : {};
  const base = {
    dataset: ds.name, records: truth.size, seconds: run.seconds, peakRssMB: run.peakRssMB,
    candidatePairs: known.blocking?.candidatePairs ?? null, rejectedRows: known.rows?.rejected ?? null,
    tooFewFields: known.sparse?.tooFewFields ?? null, nameOnly: known.sparse?.nameOnly ?? null, stats,
  };
  let exactName: ClusteringScores | null = null;
  try {
    if (run.code !== 0) throw new Error(`match-file exited with ${run.code}: ${run.stderr.trim().split('\n').slice(-5).join(' | ')}`);
    const lines = parseClusterCsv(readFileSync(out, 'utf8'));
    const scored = scoreClusters(lines, truth);
    exactName = scoreClusters(await exactNameGrouping(ds.files, join(ROOT, ds.mapping), ds.idColumn), truth).all;
    const targets = checkTargets(ds.name, scored, exactName);
    return { ...base, ...scored, exactName, targets, pass: targets.every((t) => t.pass), ...(ds.details ? { details: ds.details(lines) } : {}) };
  } catch (e) {
    const empty = evaluateClustering(new Map(), truth);
    return { ...base, outputRecords: 0, clusters: { auto: 0, review: 0 }, all: empty, auto: empty, exactName, targets: [], pass: false, error: (e as Error).message };
  }
}

export interface QualityOptions {
  /** Dataset names to run (default: all seven). */
  only?: readonly string[];
  log?: (line: string) => void;
}

export async function runQualityBenchmarks(opts: QualityOptions = {}): Promise<QualityReport[]> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const dir = mkdtempSync(join(tmpdir(), 'crmhub-match-quality-'));
  try {
    const febrl = (n: string): Dataset => ({
      name: `FEBRL ${n}`, files: [join(FEBRL_DIR, `dataset${n}.csv`)], mapping: 'mappings/febrl-persons.json', idColumn: 'rec_id', linkOnly: false, entityOf: febrlEntityOf,
    });
    const companies = join(dir, 'companies.csv');
    const names = join(dir, 'company-names.csv');
    const addresses = join(dir, 'company-addresses.csv');
    const datasets: Dataset[] = [
      febrl('1'),
      febrl('2'),
      febrl('3'),
      { ...febrl('4a+4b'), files: [join(FEBRL_DIR, 'dataset4a.csv'), join(FEBRL_DIR, 'dataset4b.csv')], linkOnly: true },
      { name: 'Companies', files: [companies], mapping: 'mappings/bench-companies.json', idColumn: 'record_id', linkOnly: false, entityOf: companyEntityOfRecordId,
        details: (lines: readonly ClusterLine[]) => formatCompanyErrorBreakdown(companyErrorBreakdown(COMPANY_QUALITY_SET.seed, lines)),
      },
      { name: 'Company names', files: [names], mapping: 'mappings/bench-company-names.json', idColumn: 'record_id', linkOnly: false, entityOf: companyEntityOfRecordId,
        details: (lines: readonly ClusterLine[]) => formatNamesErrorBreakdown(companyNamesErrorBreakdown(COMPANY_NAMES_SET, lines)),
      },
      { name: 'Company name+address', files: [addresses], mapping: 'mappings/bench-company-addresses.json', idColumn: 'record_id', linkOnly: false, entityOf: companyEntityOfRecordId,
        details: (lines: readonly ClusterLine[]) => formatCompanyErrorBreakdown(companyErrorBreakdown(COMPANY_ADDRESS_SET.seed, lines)),
      },
    ].filter((d) => !opts.only || opts.only.includes(d.name));
    if (datasets.some((d) => d.name === 'Companies')) {
      log(`generating ${COMPANY_QUALITY_SET.records} company records (seed ${COMPANY_QUALITY_SET.seed}) in ${companies}`);
      await writeCompaniesCsv(companies, COMPANY_QUALITY_SET);
    }
    if (datasets.some((d) => d.name === 'Company names')) {
      log(`generating ${COMPANY_NAMES_SET.records} names-only company records (seed ${COMPANY_NAMES_SET.seed}) in ${names}`);
      await writeRowsCsv(names, COMPANY_NAMES_COLUMNS, companyNameRows(COMPANY_NAMES_SET));
    }
    if (datasets.some((d) => d.name === 'Company name+address')) {
      log(`generating ${COMPANY_ADDRESS_SET.records} name + address company records (seed ${COMPANY_ADDRESS_SET.seed}) in ${addresses}`);
      await writeRowsCsv(addresses, COMPANY_ADDRESS_COLUMNS, companyAddressRows(COMPANY_ADDRESS_SET));
    }
    const reports: QualityReport[] = [];
    for (const ds of datasets) {
      log(`match-file ${ds.name} …`);
      const r = await runDataset(ds, dir);
      log(r.error ? `  ERROR ${r.error}` : `  F1 ${r.all.pairwise.f1.toFixed(4)} (exact name ${r.exactName?.pairwise.f1.toFixed(4) ?? '-'}), auto precision ${r.auto.pairwise.precision.toFixed(4)} in ${r.seconds.toFixed(1)} s`);
      reports.push(r);
    }
    return reports;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const f4 = (x: number) => x.toFixed(4);

/** A fixed-width table: one row per dataset, targets and PASS/MISS at the end. */
export function formatQualityTable(reports: readonly QualityReport[]): string {
  const head = ['dataset', 'records', 'rejected', 'candidates', 'true pairs', 'pred pairs', 'P', 'R', 'F1', 'B3 P', 'B3 R', 'B3 F1', 'auto pairs', 'auto P', 'auto R', 'review cl.', 's', 'RSS MB', 'targets', 'result'];
  const rows = reports.map((r) => [
    r.dataset, String(r.records), r.rejectedRows === null ? '-' : String(r.rejectedRows), r.candidatePairs === null ? '-' : String(r.candidatePairs), String(r.all.pairwise.truePairs), String(r.all.pairwise.predictedPairs),
    f4(r.all.pairwise.precision), f4(r.all.pairwise.recall), f4(r.all.pairwise.f1),
    f4(r.all.bcubed.precision), f4(r.all.bcubed.recall), f4(r.all.bcubed.f1),
    String(r.auto.pairwise.predictedPairs), f4(r.auto.pairwise.precision), f4(r.auto.pairwise.recall), String(r.clusters.review),
    r.seconds.toFixed(1), r.peakRssMB === null ? '-' : String(r.peakRssMB),
    r.error ? 'error' : r.targets.map(targetLabel).join(', '),
    r.error ? 'ERROR' : r.pass ? 'PASS' : `MISS (${r.targets.filter((t) => !t.pass).map((t) => `${t.metric} ${f4(t.value)}`).join(', ')})`,
  ]);
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] as string).length)));
  const line = (cells: readonly string[]) => cells.map((c, k) => (k === 0 || k >= 18 ? c.padEnd(widths[k] as number) : c.padStart(widths[k] as number))).join('  ').trimEnd();
  const notes = reports.flatMap((r) => [
    ...(r.error || r.outputRecords < r.records ? [`${r.dataset}: ${r.error ?? `${r.records - r.outputRecords} records missing from the output (scored as alone)`}`] : []),
    ...(r.details ? r.details.split('\n').map((d) => `${r.dataset}: ${d}`) : []),
  ]);
  return [line(head), line(head.map((_, k) => '-'.repeat(widths[k] as number))), ...rows.map(line), ...notes].join('\n');
}

function targetLabel(t: QualityTarget): string {
  if (t.metric === 'f1OverExactName') return `F1 ≥ exact name (${f4(t.min)})`;
  return `${t.metric === 'f1' ? 'F1' : 'auto P'} ≥ ${t.min}`;
}

/**
 * The matcher next to exact-name grouping on the same rows (every proposed cluster), and how many
 * records had too few fields to match or nothing but a name.
 */
export function formatExactNameTable(reports: readonly QualityReport[]): string {
  const head = ['dataset', 'P', 'R', 'F1', 'B3 F1', 'exact-name P', 'R', 'F1', 'B3 F1', 'F1 gain', 'too few fields', 'name only'];
  const rows = reports.map((r) => {
    const b = r.exactName;
    return [
      r.dataset, f4(r.all.pairwise.precision), f4(r.all.pairwise.recall), f4(r.all.pairwise.f1), f4(r.all.bcubed.f1),
      b ? f4(b.pairwise.precision) : '-', b ? f4(b.pairwise.recall) : '-', b ? f4(b.pairwise.f1) : '-', b ? f4(b.bcubed.f1) : '-',
      b ? `${r.all.pairwise.f1 >= b.pairwise.f1 ? '+' : '−'}${f4(Math.abs(r.all.pairwise.f1 - b.pairwise.f1))}` : '-',
      r.tooFewFields === null ? '-' : String(r.tooFewFields), r.nameOnly === null ? '-' : String(r.nameOnly),
    ];
  });
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] as string).length)));
  const line = (cells: readonly string[]) => cells.map((c, k) => (k === 0 ? c.padEnd(widths[k] as number) : c.padStart(widths[k] as number))).join('  ').trimEnd();
  return [line(head), line(head.map((_, k) => '-'.repeat(widths[k] as number))), ...rows.map(line)].join('\n');
}
