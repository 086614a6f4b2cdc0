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
  // Measured on 2 cores (Jest's time), warm caches: four workers 113-134 s (four runs), six 95-141 s (eight runs,
  // median 107; the slowest while four also took 134). A fresh clone (`.ci/run`, which also compiles every file and
  // builds the package): four 122-130 s, six 108-133 s (four runs each). Real-time limits in the suites leave seconds
  // of margin (DISCORD_TIMEOUT_MS=3000 against hangs of 6-8 s), so a busy machine does not turn into a failed test.
  maxWorkers: 6,
  // The Temporal SDK keeps native handles open (temporalio/sdk-typescript#928).
  forceExit: true,
  reporters: ['default', '<rootDir>/test/setup/json-summary-reporter.js'],
};
