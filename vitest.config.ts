import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Store tests share one PostgreSQL server; each test file uses its own schema, so files may run in parallel.
    pool: 'forks',
  },
});
