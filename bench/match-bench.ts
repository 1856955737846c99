/**
 * npm run bench:match [-- --only "FEBRL 3,Companies"] [--json]
 *
 * Matching benchmark. Quality: FEBRL 1, 2, 3, 4a+4b and the seeded company set through
 * `crmhub match-file` (bench/match-quality.ts). The speed part (1,000,000 generated accounts,
 * incremental batches) is added here by its owner.
 */
import { formatQualityTable, runQualityBenchmarks } from './match-quality';

async function main(): Promise<void> {
  const i = process.argv.indexOf('--only');
  const only = i > 0 ? (process.argv[i + 1] ?? '').split(',').map((s) => s.trim()) : undefined;
  const reports = await runQualityBenchmarks(only ? { only } : {});
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ quality: reports }, null, 2)}\n`);
  else process.stdout.write(`\nMatching quality (pairwise P/R/F1 over every proposed cluster; "auto" = automatic merges alone)\n${formatQualityTable(reports)}\n`);
  if (reports.some((r) => r.error)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
