/** Writes connectors/README.md from the connector registry: `node bin/run-ts.cjs scripts/generate-connector-docs.ts`. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConnectorDocs } from '../connectors/connector-docs';
import { CONNECTORS } from '../connectors/registry';

writeFileSync(join(__dirname, '..', 'connectors', 'README.md'), renderConnectorDocs(CONNECTORS));
