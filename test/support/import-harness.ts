/**
 * The set-up every import integration test shares: a fresh real PostgreSQL schema, a real
 * Temporal dev server and a worker running the real workflows and activities, torn down after
 * the file. Call once at the top of a describe block; read `h.db` / `h.env` inside tests.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { afterAll, beforeAll } from 'vitest';
import { startTemporal, startWorker } from './temporal-env';
import { freshTestDatabase } from './test-database';

export interface ImportHarness { db: Knex; env: TestWorkflowEnvironment }

export function useImportHarness(): ImportHarness {
  const h = {} as ImportHarness;
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    h.db = await freshTestDatabase();
    h.env = await startTemporal();
    ({ stop } = await startWorker(h.env, h.db));
  });
  afterAll(async () => {
    await stop?.();
    await h.env?.teardown();
    await h.db?.destroy();
  });
  return h;
}
