#!/usr/bin/env node
// Runs one TypeScript file (benchmarks, scripts) with tsx's require hook: `node bin/run-ts.cjs file.ts args…`.
require('tsx/cjs');
const path = require('node:path');
const file = process.argv[2];
if (!file) { console.error('usage: run-ts.cjs <file.ts> [args…]'); process.exit(2); }
process.argv.splice(1, 1);
require(path.resolve(file));
