import { readFileSync } from 'node:fs';
import { WORKFLOW_BUNDLE_PATH } from '../helpers/temporal';

// Every new workflow evaluates the bundle's modules afresh; a zod schema built at module scope costs ~10 ms of CPU per
// workflow (measured by `npm run bench`). Validation and message building run in local activities instead.
test('the workflow bundle holds no zod', () => {
  const code = readFileSync(WORKFLOW_BUNDLE_PATH, 'utf8');
  expect(code).toContain('sendNotification');
  expect(code).not.toMatch(/node_modules\/zod\//);
  expect(code).not.toContain('ZodError');
});
