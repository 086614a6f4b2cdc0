import {
  DEFAULT_WEBHOOK_ID,
  DEFAULT_WEBHOOK_TOKEN,
  type DiscordEmulator,
  EmulatorInputError,
  EmulatorPortInUseError,
  startEmulator,
} from '../../src/emulator';
import { send } from './helpers';

let emulator: DiscordEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, globalRateLimit: null });
});
afterAll(() => emulator.close());

describe('startEmulator', () => {
  test('creates the configured webhooks, with a fixed id and token when asked', async () => {
    const other = await startEmulator({
      port: 0,
      webhooks: [
        { id: '1700000000000000001', token: 'tok', name: 'Alerts' },
        { id: DEFAULT_WEBHOOK_ID, token: DEFAULT_WEBHOOK_TOKEN },
      ],
    });
    try {
      expect(other.webhooks().map((w) => [w.id, w.name])).toEqual([
        ['1700000000000000001', 'Alerts'],
        [DEFAULT_WEBHOOK_ID, 'Captain Hook'],
      ]);
      expect(other.webhooks()[1]!.url).toBe(
        `${other.url}/api/v10/webhooks/${DEFAULT_WEBHOOK_ID}/${DEFAULT_WEBHOOK_TOKEN}`,
      );
      expect(DEFAULT_WEBHOOK_TOKEN).toMatch(/^[\w-]{68}$/);
    } finally {
      await other.close();
    }
  });

  test('keeps only the newest maxRecordedRequests requests', async () => {
    const small = await startEmulator({ port: 0, maxRecordedRequests: 2 });
    try {
      const webhook = small.createWebhook();
      for (const content of ['one', 'two', 'three']) await send(webhook.url, { json: { content } });
      expect(small.requests().map((r) => [r.seq, r.body])).toEqual([
        [2, { content: 'two' }],
        [3, { content: 'three' }],
      ]);
    } finally {
      await small.close();
    }
  });

  test('rejects invalid options naming the field', async () => {
    await expect(startEmulator({ port: 70_000 })).rejects.toThrow(EmulatorInputError);
    await expect(startEmulator({ port: 70_000, rateLimit: { limit: -1, windowMs: 1 } })).rejects.toThrow(
      /^invalid emulator options: port: .*; rateLimit\.limit: /,
    );
  });

  test('a taken port rejects with EmulatorPortInUseError', async () => {
    const error: unknown = await startEmulator({ port: emulator.port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmulatorPortInUseError);
    expect((error as EmulatorPortInUseError).port).toBe(emulator.port);
  });

  test('close() ends hung requests and event streams promptly', async () => {
    const other = await startEmulator({ port: 0 });
    const webhook = other.createWebhook();
    other.injectFault({ action: { type: 'hang' } });
    const hung = send(webhook.url, { json: { content: 'x' } }).catch(() => 'closed');
    const stream = await fetch(`${other.url}/_emulator/events`);
    const streamDone = stream.text();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await other.close();
    expect(await hung).toBe('closed');
    expect(await streamDone).toContain(': connected');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
