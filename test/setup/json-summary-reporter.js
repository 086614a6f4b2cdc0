// Writes Jest's aggregated results to reports/<file> (option `file`, default jest-results.json), so CI can sum the
// main and crash runs and print `N passed, N failed`: `node .ci/summary.js reports/jest-results.json ...`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

class JsonSummaryReporter {
  constructor(globalConfig, options = {}) {
    this.rootDir = globalConfig.rootDir;
    this.file = options.file ?? 'jest-results.json';
  }

  onRunComplete(_contexts, results) {
    const dir = path.join(this.rootDir, 'reports');
    fs.mkdirSync(dir, { recursive: true });
    const summary = {
      numPassedTests: results.numPassedTests,
      numFailedTests: results.numFailedTests,
      numPendingTests: results.numPendingTests,
      numTotalTests: results.numTotalTests,
      numFailedTestSuites: results.numFailedTestSuites,
      numRuntimeErrorTestSuites: results.numRuntimeErrorTestSuites,
      startTime: results.startTime,
      durationMs: Date.now() - results.startTime,
      testResults: results.testResults.map((file) => ({
        file: path.relative(this.rootDir, file.testFilePath),
        failureMessage: file.failureMessage ?? null,
        durationMs: file.perfStats.end - file.perfStats.start,
        tests: file.testResults.map((t) => ({ title: t.fullName, status: t.status, durationMs: t.duration })),
      })),
    };
    fs.writeFileSync(path.join(dir, this.file), JSON.stringify(summary, null, 2));
  }
}

module.exports = JsonSummaryReporter;
