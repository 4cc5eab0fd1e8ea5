import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'packages/*/src/**/*.test.ts',
      'packages/adapters/*/test/**/*.test.ts',
      'bench/**/*.test.ts',
      'tools/test/**/*.test.ts',
    ],
    // Integration tests start real servers (OPC UA, PostgreSQL, NATS) on loopback: give them time,
    // and run files in separate processes so ports and native handles never leak between files.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './tools/vitest-summary-reporter.ts'],
  },
});
