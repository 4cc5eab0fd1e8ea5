// Prints the plain closing line CI reads ("N passed, N failed, N skipped"): vitest's own
// summary is formatted for people and is not recognised by the CI runner.
import { writeSync } from 'node:fs';
import type { Reporter, SerializedError, TestModule, TestRunEndReason } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: readonly TestModule[],
    unhandledErrors: readonly SerializedError[] = [],
    reason: TestRunEndReason = 'passed',
  ): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of testModules) {
      let failedHere = 0;
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === 'passed') passed++;
        else if (s === 'failed') failedHere++;
        else skipped++;
      }
      // A file that failed without a failed test still failed: an import error (no tests at all), a
      // failing beforeAll (its tests are skipped) or afterAll (its tests passed), e.g. an e2e file
      // whose product did not exit cleanly.
      if (m.state() === 'failed' && failedHere === 0) failedHere = 1;
      failed += failedHere;
    }
    // Errors outside any test (an unhandled rejection, a crashed worker) fail the run in vitest.
    failed += unhandledErrors.length;
    if (reason === 'failed' && failed === 0) failed = 1;
    // Printed at exit so that it is the last line, after vitest's own summary.
    const line = `\n${passed} passed, ${failed} failed, ${skipped} skipped\n`;
    process.once('exit', () => writeSync(1, line));
  }
}
