/**
 * npm run bench:match [-- --only "FEBRL 3,Companies"] [--records 1000000] [--batch 10000]
 *                        [--skip-quality] [--skip-speed] [--json] [--heap-mb 1400]
 *
 * Matching benchmark, figures measured in one run:
 * - quality: FEBRL 1, 2, 3, 4a+4b, the seeded company set and its names-only and name + address
 *   variants through `crmhub match-file` (bench/match-quality.ts), pairwise and B-cubed
 *   precision/recall/F1 against the ground truth, next to exact-name grouping of the same rows;
 * - speed: dedupe of N generated accounts in the CRM and a 10k incremental batch
 *   (bench/match-speed.ts), with each process's peak RSS. The dedupe and the batch's import run as
 *   users run `npx crmhub` (the bin's own flags); `--heap-mb` is the set-up import's heap only.
 */
import { formatExactNameTable, formatQualityTable, runQualityBenchmarks, type QualityReport } from './match-quality';
import { formatSpeedReport, runSpeedBenchmark, type SpeedReport } from './match-speed';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  let quality: QualityReport[] = [];
  let speed: SpeedReport | null = null;
  if (!process.argv.includes('--skip-quality')) {
    const i = process.argv.indexOf('--only');
    const only = i > 0 ? (process.argv[i + 1] ?? '').split(',').map((s) => s.trim()) : undefined;
    quality = await runQualityBenchmarks(only ? { only } : {});
    if (!json) {
      process.stdout.write(`\nMatching quality (pairwise P/R/F1 over every proposed cluster; "auto" = automatic merges alone)\n${formatQualityTable(quality)}\n`);
      process.stdout.write(`\nMatcher vs exact-name grouping (same rows, normalized name: legal form split off, case and accents folded; people: first + last)\n${formatExactNameTable(quality)}\n`);
    }
  }
  if (!process.argv.includes('--skip-speed')) {
    speed = await runSpeedBenchmark({ records: arg('records', 1_000_000), batch: arg('batch', 10_000), heapMB: arg('heap-mb', 1400), log });
    if (!json) process.stdout.write(`${formatSpeedReport(speed)}\n`);
  }
  if (json) process.stdout.write(`${JSON.stringify({ quality, speed }, null, 2)}\n`);
  if (quality.some((r) => r.error)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
