#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-old-space-size=512 --max-semi-space-size=2 --expose-gc
// Entry point of the `crmhub` bin: TypeScript sources run through tsx's require hook,
// so there is no build step between a git pull and a working CLI.
// The heap cap keeps every command's and worker's RSS bounded (bin/heap-budget.cjs): the shebang
// sets it for `npx crmhub`; `node bin/crmhub.cjs` without --max-old-space-size is re-executed with
// one (CRMHUB_HEAP_MB, default 512). `node --max-old-space-size=N bin/crmhub.cjs` sets another cap.
// MALLOC_ARENA_MAX=2 and --max-semi-space-size=2 bound glibc's per-thread malloc arenas and V8's
// young generation (heap-budget.cjs says why). --expose-gc lets a match stage collect its garbage
// between chunks (activities/match/collect-garbage.ts).
const budget = require('./heap-budget.cjs');
if (!budget.heapFlagGiven()) {
  budget.reexec(__filename, [`--max-old-space-size=${budget.heapBudgetMB()}`]);
} else {
  budget.watchParent();
  require('./ts-hook.cjs');
  // Benchmarks read the command's own peak RSS and CPU from this line on stderr.
  if (process.env.CRMHUB_PRINT_RESOURCE_USAGE) {
    process.on('exit', () => process.stderr.write(`CRMHUB_RESOURCE_USAGE ${JSON.stringify(process.resourceUsage())}\n`));
  }
  require('../cli/main.ts');
}
