/** @type {import('jest').Config} */
module.exports = {
  // TypeScript to JavaScript only (types are checked by `npm run lint`), with the SWC compiler the Temporal worker's
  // bundler already installs: a fresh clone's first run compiles every source and test file.
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022', keepClassNames: true },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  modulePathIgnorePatterns: ['<rootDir>/lib/'],
  // One dev server for the whole run; each test file uses its own task queues.
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testSequencer: '<rootDir>/test/setup/longest-first.js',
  testTimeout: 60_000,
  // Six files at a time on 2 cores: many suites mostly wait (real retry backoff, processes starting, a worker's grace
  // period), and with four workers those waits overlapped each other, leaving the cores idle for a sixth of the run.
  // Measured on 2 cores, full runs (Jest's time): four workers 122 and 128 s, five 113 and 107 s, six 107 and 102 s,
  // seven 106 and 104 s, eight 108 and 99 s, at about the same CPU time (183-214 CPU-seconds). Real-time limits in the
  // suites leave seconds of margin (DISCORD_TIMEOUT_MS=3000 against hangs of 6-8 s), so a busy machine does not turn
  // into a failed test.
  maxWorkers: 6,
  // The Temporal SDK keeps native handles open (temporalio/sdk-typescript#928).
  forceExit: true,
  reporters: ['default', '<rootDir>/test/setup/json-summary-reporter.js'],
};
