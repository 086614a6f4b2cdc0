import { Connection } from '@temporalio/client';

test('the shared dev server answers', async () => {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_TEST_ADDRESS });
  const info = await connection.workflowService.getSystemInfo({});
  expect(info.serverVersion).toMatch(/^1\./);
  await connection.close();
});
