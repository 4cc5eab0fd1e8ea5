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
    // Timeouts only catch a hang; they are never a speed check (speed is measured in bench/). Under
    // load a property test over HTTP (300 runs) took 17 s on the project machine and 20× that took
    // 341 s, so 30 s was within a factor of two of a loaded CI machine; 120 s leaves room.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default', './tools/vitest-summary-reporter.ts'],
  },
});
