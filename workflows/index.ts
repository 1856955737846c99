export { importSpreadsheet } from './import-spreadsheet';
export { syncSource } from './sync-source';
export { scheduledSync } from './scheduled-sync';
