#!/usr/bin/env node
// Entry point of the `crmhub` bin: TypeScript sources run through tsx's require hook,
// so there is no build step between a git pull and a working CLI.
require('tsx/cjs');
// Benchmarks read the import process's own peak RSS and CPU from this line on stderr.
if (process.env.CRMHUB_PRINT_RESOURCE_USAGE) {
  process.on('exit', () => process.stderr.write(`CRMHUB_RESOURCE_USAGE ${JSON.stringify(process.resourceUsage())}\n`));
}
require('../cli/main.ts');
