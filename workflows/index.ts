export { importSpreadsheet } from './import-spreadsheet';
export { importWizard } from './import-wizard';
export { testSource } from './test-source';
