import { defineConfig } from 'vitest/config';

// Two projects: `unit` is pure and fast (no IO beyond fixtures); `integration` talks to a real
// PostgreSQL and a real Temporal dev server, so it runs files one at a time.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.unit.test.ts'],
          exclude: ['node_modules/**'],
          // Some unit tests stream 10 MB cells or inflate zip bombs: seconds on a loaded 2-core
          // machine, so the 5 s default fails them for load, not for a bug. A hang still fails.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['node_modules/**', '**/*.unit.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          pool: 'forks',
        },
      },
    ],
  },
});
