// End to end, with the real one-minute start-to-close timeout: a request Discord holds for 63 s (while
// DISCORD_TIMEOUT_MS allows 120 s) is abandoned before Temporal times the attempt out, so the hung request never posts
// and the retry posts once. Were the attempt to outlive its timeout, it would post alongside the retry and both would
// post. Garbage is collected all along, which once removed the attempt's deadline (nodejs/node#57736).
import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Client } from '@temporalio/client';
import { sendNotification } from '../../src/workflows';
import { type TestDiscord } from '../helpers/emulator';
import { activityStarts } from '../helpers/history-scan';
import { outboxIdOf } from '../helpers/outbox';
import { withWorker } from '../helpers/temporal';
import { useEmulatorAndClient } from '../helpers/routed-suite';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

let discord: TestDiscord;
let client: Client;

useEmulatorAndClient((suite) => {
  ({ discord, client } = suite);
});

test('a request hanging past the start-to-close timeout does not post alongside its retry: one message', async () => {
  const webhook = discord.emulator.createWebhook({ name: 'Slow answers' });
  const hangMs = 63_000;
  discord.emulator.injectFault({ webhookId: webhook.id, action: { type: 'hang', ms: hangMs } });
  const workflowId = `deadline-${randomUUID()}`;
  const gc = setInterval(collectGarbage, 500);
  try {
    let outboxId = '';
    const result = await withWorker(
      { env: { ...discord.env({ default: webhook }), DISCORD_TIMEOUT_MS: '120000' } },
      ({ taskQueue }) => {
        outboxId = outboxIdOf(taskQueue, webhook.url);
        return client.workflow.execute(sendNotification, { taskQueue, workflowId, args: [{ content: 'only once' }] });
      },
    );
    // Wait until the emulator would have answered the hung request, then count.
    const posts = discord.posts(webhook);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, posts[0]!.at + hangMs + 1_000 - Date.now())));
    expect(discord.posts(webhook).map((post) => [post.fault ?? null, post.status])).toEqual([
      ['hang', null],
      [null, 200],
    ]);
    const messages = discord.emulator.messages(webhook.id);
    expect(messages.map((stored) => stored.message.content)).toEqual(['only once']);
    expect(result).toMatchObject({ status: 'sent', messageId: messages[0]!.message.id });
    // The first attempt ended itself (a retryable failure before the timeout), it did not time out on the server.
    const history = await client.workflow.getHandle(outboxId).fetchHistory();
    expect(activityStarts(history).filter((start) => start.attempt > 0)).toEqual([
      {
        attempt: 2,
        lastFailure: {
          type: 'DiscordUnreachable',
          message:
            '[POST /webhooks/:id/:token] aborted: the attempt\'s time budget ran out (retried before Temporal\'s timeout) (channel "default")',
        },
      },
    ]);
  } finally {
    clearInterval(gc);
  }
});
