/**
 * Crash and restart tests (test/crash/*.crash.ts): they kill workers and dev servers and wait out Temporal's
 * start-to-close timeouts, so they take minutes and run one file at a time. `npm run test:crash`; CI runs it after
 * `npm test` and reads both result files.
 * @type {import('jest').Config}
 */
const main = require('./jest.config.js');

module.exports = {
  ...main,
  testMatch: ['<rootDir>/test/crash/**/*.crash.ts'],
  testTimeout: 600_000,
  maxWorkers: 1,
  reporters: ['default', ['<rootDir>/test/setup/json-summary-reporter.js', { file: 'jest-crash-results.json' }]],
};
