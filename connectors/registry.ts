/** Every connector crmhub ships, by id: built from the descriptors, nothing else to maintain. */
import { ConnectorDescriptor } from './connector-descriptor';
import { fileDropDescriptor } from './file-drop/descriptor';
import { spreadsheetDescriptor } from './spreadsheet/descriptor';
import { sqlDescriptor } from './sql/descriptor';

export const CONNECTORS: readonly ConnectorDescriptor[] = [spreadsheetDescriptor, sqlDescriptor, fileDropDescriptor].map((d) => ConnectorDescriptor.parse(d));

export function connectorById(id: string): ConnectorDescriptor | undefined {
  return CONNECTORS.find((c) => c.id === id);
}
