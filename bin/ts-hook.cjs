// Registers tsx's require hook for the crmhub bin and its row worker thread, without source maps.
//
// tsx turns Node's source maps on, so Node parses and keeps the map of every module it compiles:
// measured 8 MB of V8 heap and 8–18 MB RSS for the worker's modules, about 5% of a command's budget
// (issue 8 §6). Stack traces then give positions in tsx's output (the same files, lines close to the
// source). CRMHUB_SOURCE_MAPS=1 or node's --enable-source-maps keeps them, for debugging.
'use strict';
require('tsx/cjs');

function wantSourceMaps() {
  return process.env.CRMHUB_SOURCE_MAPS === '1'
    || process.execArgv.includes('--enable-source-maps')
    || /--enable-source-maps/.test(process.env.NODE_OPTIONS || '');
}

if (!wantSourceMaps()) process.setSourceMapsEnabled(false);
