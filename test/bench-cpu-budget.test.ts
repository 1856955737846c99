/**
 * The benches' meter of PostgreSQL's CPU (bench/cpu-budget.ts) against the real server: the CPU a
 * query burns in a backend is counted, also once that backend has exited and the postmaster has
 * reaped it (a crmhub command's connections are gone by the time its step is measured).
 */
import { expect, it } from 'vitest';
import { postgresCpuMeter } from '../bench/cpu-budget';
import { createDb } from '../db/config';
import { ensureDatabase } from '../db/ensure-database';
import { TEST_DATABASE_URL } from './support/test-database';

it('counts the CPU of a backend that has exited since, as a share of its query\'s wall time', async () => {
  await ensureDatabase(TEST_DATABASE_URL);
  const meter = await postgresCpuMeter(TEST_DATABASE_URL);
  const before = meter();
  expect(before).not.toBeNull(); // the test database runs on this machine
  const db = createDb(TEST_DATABASE_URL, { min: 1, max: 1 });
  const t0 = performance.now();
  // CPU only: no table, nothing read from disk.
  await db.raw('SELECT count(*) FROM generate_series(1, 8000000) g WHERE g % 7 = 3');
  const wall = (performance.now() - t0) / 1000;
  await db.destroy();
  // The postmaster reaps its exited child at once; give it a moment.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const used = meter()! - before!;
  // The backend ran the whole query; other test files may share the cores, so a quarter at least.
  expect(used).toBeGreaterThan(0.25 * wall);
});
