import {
  DEFAULT_WEBHOOK_ID,
  DEFAULT_WEBHOOK_TOKEN,
  EmulatorInputError,
  EmulatorPortInUseError,
  startEmulator,
} from '../../src/emulator';
import { send, useEmulator, withEmulator } from './helpers';

const discord = useEmulator();

describe('startEmulator', () => {
  test('creates the configured webhooks, with a fixed id and token when asked', async () => {
    const webhooks = [
      { id: '1700000000000000001', token: 'tok', name: 'Alerts' },
      { id: DEFAULT_WEBHOOK_ID, token: DEFAULT_WEBHOOK_TOKEN },
    ];
    await withEmulator({ webhooks }, (other) => {
      expect(other.webhooks().map((w) => [w.id, w.name])).toEqual([
        ['1700000000000000001', 'Alerts'],
        [DEFAULT_WEBHOOK_ID, 'Captain Hook'],
      ]);
      expect(other.webhooks()[1]!.url).toBe(
        `${other.url}/api/v10/webhooks/${DEFAULT_WEBHOOK_ID}/${DEFAULT_WEBHOOK_TOKEN}`,
      );
      expect(DEFAULT_WEBHOOK_TOKEN).toMatch(/^[\w-]{68}$/);
    });
  });

  test('keeps only the newest maxRecordedRequests requests', async () => {
    await withEmulator({ maxRecordedRequests: 2 }, async (small) => {
      const webhook = small.createWebhook();
      for (const content of ['one', 'two', 'three']) await send(webhook.url, { json: { content } });
      expect(small.requests().map((r) => [r.seq, r.body])).toEqual([
        [2, { content: 'two' }],
        [3, { content: 'three' }],
      ]);
    });
  });

  test('rejects invalid options naming the field', async () => {
    await expect(startEmulator({ port: 70_000 })).rejects.toThrow(EmulatorInputError);
    await expect(startEmulator({ port: 70_000, rateLimit: { limit: -1, windowMs: 1 } })).rejects.toThrow(
      /^invalid emulator options: port: .*; rateLimit\.limit: /,
    );
  });

  test('a taken port rejects with EmulatorPortInUseError', async () => {
    const error: unknown = await startEmulator({ port: discord.emulator.port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmulatorPortInUseError);
    expect((error as EmulatorPortInUseError).port).toBe(discord.emulator.port);
  });

  test('close() ends hung requests and ends event streams', async () => {
    const other = await startEmulator({ port: 0 });
    const webhook = other.createWebhook();
    other.injectFault({ action: { type: 'hang' } });
    const hanging = new Promise((resolve) => other.onRequest(resolve));
    const hung = send(webhook.url, { json: { content: 'x' } }).catch(() => 'closed');
    const stream = await fetch(`${other.url}/_emulator/events`);
    const streamDone = stream.text();
    // The hung request is recorded (unanswered) as soon as it arrives.
    expect(await hanging).toMatchObject({ fault: 'hang', status: null });
    await other.close();
    expect(await hung).toBe('closed');
    expect(await streamDone).toContain(': connected');
  });
});
