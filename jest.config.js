/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  modulePathIgnorePatterns: ['<rootDir>/lib/'],
  // One dev server for the whole run; each test file uses its own task queues.
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 60_000,
  // Most suites wait on Temporal, timers and child processes rather than compute: four files at a time keep two cores
  // busy (measured on 2 cores: 238 s with 4 workers against 289 s with 2 under the same load).
  maxWorkers: 4,
  // The Temporal SDK keeps native handles open (temporalio/sdk-typescript#928).
  forceExit: true,
  reporters: ['default', '<rootDir>/test/setup/json-summary-reporter.js'],
};
