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
  maxWorkers: 2,
  // The Temporal SDK keeps native handles open (temporalio/sdk-typescript#928).
  forceExit: true,
  reporters: ['default', '<rootDir>/test/setup/json-summary-reporter.js'],
};
