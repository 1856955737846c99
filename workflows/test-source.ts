/**
 * testSource: "test connection" from the console, run where the secrets are (a worker's
 * environment). Its input is the source code and its result the connector's redacted checks:
 * neither carries a secret.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { SourceCheck } from '../activities/wizard/test-source-connection';

const { testSourceConnection } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 1 },
});

export async function testSource(input: { source: string }): Promise<SourceCheck[]> {
  return testSourceConnection(input);
}
