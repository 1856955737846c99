export { importSpreadsheet } from './import-spreadsheet';
