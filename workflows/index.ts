export { importSpreadsheet } from './import-spreadsheet';
export { syncSource } from './sync-source';
export { scheduledSync } from './scheduled-sync';
export { importWizard } from './import-wizard';
export { testSource } from './test-source';
export { segmentRules, scheduledSegmentRules } from './segment-rules';
export { dedupeCrm } from './dedupe-crm';
