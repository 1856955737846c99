import { describe, expect, it } from 'vitest';
import { workerTuningFromEnv } from './worker-tuning';

describe('workerTuningFromEnv', () => {
  it('has defaults for a 2-core host', () => {
    expect(workerTuningFromEnv({})).toEqual({
      maxConcurrentActivityTaskExecutions: 4, maxConcurrentWorkflowTaskExecutions: 8, maxCachedWorkflows: 100,
      shutdownGraceTime: 10_000, shutdownForceTime: 25_000,
    });
  });
  it('reads the environment', () => {
    expect(workerTuningFromEnv({ CRMHUB_WORKER_MAX_ACTIVITIES: '1', CRMHUB_WORKER_SHUTDOWN_GRACE: '500ms', CRMHUB_WORKER_SHUTDOWN_FORCE: '1m' }))
      .toMatchObject({ maxConcurrentActivityTaskExecutions: 1, shutdownGraceTime: 500, shutdownForceTime: 60_000 });
  });
  it.each([
    [{ CRMHUB_WORKER_MAX_ACTIVITIES: '0' }, 'CRMHUB_WORKER_MAX_ACTIVITIES=0'],
    [{ CRMHUB_WORKER_MAX_WORKFLOW_TASKS: '1' }, 'at least 2'],
    [{ CRMHUB_WORKER_SHUTDOWN_GRACE: 'soon' }, 'a duration like'],
    [{ CRMHUB_WORKER_SHUTDOWN_GRACE: '30s', CRMHUB_WORKER_SHUTDOWN_FORCE: '20s' }, 'must exceed'],
  ])('refuses %o', (env, message) => {
    expect(() => workerTuningFromEnv(env)).toThrow(message);
  });
});
