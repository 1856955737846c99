#!/usr/bin/env -S node --max-old-space-size=512
// The heap cap keeps a long import's RSS bounded: without it V8 on a large machine lets garbage
// pile up to gigabytes before collecting (measured on 200k rows: 311 MB RSS uncapped, 195 MB at
// 512 MB, same speed). `node --max-old-space-size=N bin/crmhub.cjs` sets another cap.
// Entry point of the `crmhub` bin: TypeScript sources run through tsx's require hook,
// so there is no build step between a git pull and a working CLI.
require('tsx/cjs');
// Benchmarks read the import process's own peak RSS and CPU from this line on stderr.
if (process.env.CRMHUB_PRINT_RESOURCE_USAGE) {
  process.on('exit', () => process.stderr.write(`CRMHUB_RESOURCE_USAGE ${JSON.stringify(process.resourceUsage())}\n`));
}
require('../cli/main.ts');
