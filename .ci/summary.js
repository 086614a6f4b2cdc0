// Prints `N passed, N failed` from Jest's JSON results (written by test/setup/json-summary-reporter.js).
'use strict';
const fs = require('node:fs');

let passed = 0;
let failed = 0;
let ok = true;
for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) {
    console.log(`${file} is missing: the test run did not finish`);
    ok = false;
    continue;
  }
  const results = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  if (results.numFailedTestSuites > 0 || results.numRuntimeErrorTestSuites > 0) ok = false;
  for (const suite of results.testResults) {
    if (suite.failureMessage) console.log(`FAILED ${suite.file}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
