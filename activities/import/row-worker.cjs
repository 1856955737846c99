// Entry of the row worker thread (row-worker.ts): TypeScript runs through tsx's require hook, as in
// bin/crmhub.cjs, so the thread needs no build step either.
require('../../bin/ts-hook.cjs');
require('./row-worker.ts');
