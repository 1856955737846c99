#!/usr/bin/env node
// Entry point of the `crmhub` bin: TypeScript sources run through tsx's require hook,
// so there is no build step between a git pull and a working CLI.
require('tsx/cjs');
require('../cli/main.ts');
