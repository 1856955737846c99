import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderConnectorDocs } from './connector-docs';
import { CONNECTORS, connectorById } from './registry';

describe('connector registry', () => {
  it('holds valid descriptors with unique ids', () => {
    expect(new Set(CONNECTORS.map((c) => c.id)).size).toBe(CONNECTORS.length);
    expect(connectorById('spreadsheet')?.streams.map((s) => s.entity)).toEqual(['accounts', 'contacts']);
  });

  it('connectors/README.md is generated from the descriptors and up to date', () => {
    const committed = readFileSync(join(__dirname, 'README.md'), 'utf8');
    expect(committed).toBe(renderConnectorDocs(CONNECTORS));
  });
});
