#!/usr/bin/env node
// Runs before `npm start` and `npm test` (prestart/pretest) so that those two commands are all the
// set-up a fresh machine needs: dependencies (npm ci) if missing, then the temporal CLI (built once
// from the Go module proxy and cached outside the repo). No dependencies of its own.
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  console.error('[bootstrap] installing dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
if (!process.env.TEMPORAL_ADDRESS || process.env.npm_lifecycle_event === 'pretest') {
  execFileSync('bash', [join(root, 'scripts', 'ensure-temporal-cli.sh')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
