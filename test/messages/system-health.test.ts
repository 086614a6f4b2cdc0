import type { FailedExecution } from '../../src/activities/health/types';
import { buildMessages } from '../../src/discord/builder';
import { messageTextLength } from '../../src/discord/message-size';
import { failureReport, workerReport } from '../../src/messages/system-health';
import { inlineFields, wideFields } from '../helpers/embeds';
import { validateAgainstDiscordSpec } from '../helpers/openapi';

const NOW = new Date('2026-11-28T09:30:00.000Z');
const style = { now: NOW, timeZone: 'UTC' };

const failure = (n: number, overrides: Partial<FailedExecution> = {}): FailedExecution => ({
  workflowId: `lead-sync-${n}`,
  runId: `run-${n}`,
  workflowType: 'leadSync',
  taskQueue: 'etl',
  status: 'Failed',
  startTime: '2026-11-28T09:00:00.000Z',
  closeTime: new Date(Date.parse('2026-11-28T09:20:00.000Z') + n * 1_000).toISOString(),
  message: `SyncError: CRM API returned 503 for batch ${n}`,
  url: `https://temporal.example/namespaces/default/workflows/lead-sync-${n}/run-${n}/history`,
  ...overrides,
});

function expectValid(messages: ReturnType<typeof buildMessages>) {
  for (const message of messages) {
    expect(validateAgainstDiscordSpec('IncomingWebhookRequestPartial', message).errors).toEqual([]);
  }
}

describe('failureReport', () => {
  test('one failure: the error alert with type, ID, task queue, time, message and the run linked', () => {
    const [chunk, ...rest] = failureReport([failure(1)], style);
    expect(rest).toEqual([]);
    expect(chunk!.runIds).toEqual(['run-1']);
    const messages = buildMessages(chunk!.notification);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toEqual({
      content: '❌ **System Health: 1 workflow execution did not complete**',
      embeds: [
        {
          title: 'Error in leadSync',
          url: 'https://temporal.example/namespaces/default/workflows/lead-sync-1/run-1/history',
          description: 'SyncError: CRM API returned 503 for batch 1',
          color: 0xff0000,
          timestamp: '2026-11-28T09:20:01.000Z',
          fields: inlineFields({
            'Workflow ID': 'lead-sync-1',
            'Task queue': 'etl',
            Time: '2026-11-28 09:20:01 UTC (<t:1795857601:R>)',
          }),
        },
      ],
      allowed_mentions: { parse: [] },
    });
    expectValid(messages);
  });

  test('a single long message keeps Discord’s whole 4096 characters; markdown and mentions in it are inert', () => {
    const message = `@everyone **boom** ${'x'.repeat(6_000)}`;
    const [chunk] = failureReport([failure(1, { message, workflowId: 'a_b' })], style);
    const [sent] = buildMessages(chunk!.notification);
    const embed = sent!.embeds![0]!;
    expect(Array.from(embed.description!)).toHaveLength(4096);
    expect(embed.description!.startsWith('@\u200beveryone \\*\\*boom\\*\\*')).toBe(true);
    expect(embed.fields![0]!.value).toBe('a\\_b');
    expectValid([sent!]);
  });

  test('timed-out and terminated runs say so in the title and the headline counts each kind', () => {
    const chunks = failureReport(
      [
        failure(1),
        failure(2, { status: 'TimedOut', workflowType: 'nightlyExport', message: 'Timed out after 1s' }),
        failure(3, { status: 'Terminated', message: 'Terminated by ops: stuck' }),
      ],
      style,
    );
    const [message] = buildMessages(chunks[0]!.notification);
    expect(message!.content).toBe(
      '❌ **System Health: 3 workflow executions did not complete** (1 failed, 1 timed out, 1 terminated)',
    );
    expect(message!.embeds!.map((embed) => embed.title)).toEqual([
      'Error in leadSync',
      'Timed out: nightlyExport',
      'Terminated: leadSync',
    ]);
  });

  test('100 failures with the longest parts are 10 messages of 10 embeds within 6000 characters, all named', () => {
    const long = (n: number) =>
      failure(n, {
        workflowId: `id-${n}-${'w'.repeat(300)}`,
        workflowType: 't'.repeat(300),
        taskQueue: 'q'.repeat(300),
        message: 'm'.repeat(10_000),
      });
    const chunks = failureReport(
      Array.from({ length: 100 }, (_, n) => long(n)),
      style,
    );
    expect(chunks).toHaveLength(10);
    const messages = chunks.flatMap((chunk) => buildMessages(chunk.notification));
    expect(messages).toHaveLength(10);
    for (const message of messages) {
      expect(message.embeds).toHaveLength(10);
      expect(messageTextLength(message)).toBeLessThanOrEqual(6000);
      for (const embed of message.embeds!) expect(Array.from(embed.description!).length).toBeGreaterThanOrEqual(70);
    }
    const named = messages.flatMap((message) => message.embeds!.map((embed) => embed.fields![0]!.value));
    expect(named.map((id) => /^id-(\d+)-/.exec(id)![1])).toEqual(Array.from({ length: 100 }, (_, n) => String(n)));
    expect(chunks.flatMap((chunk) => chunk.runIds)).toEqual(Array.from({ length: 100 }, (_, n) => `run-${n}`));
    expectValid(messages);
  });

  test('failures not named are counted in a last embed linking to the list; pings go with the first message only', () => {
    const mentions = { roles: ['123456789012345678'] };
    const chunks = failureReport([failure(1), failure(2)], {
      ...style,
      mentions,
      more: { count: 1234, url: 'https://temporal.example/list?query=x' },
    });
    expect(chunks).toHaveLength(1);
    const [message] = buildMessages(chunks[0]!.notification);
    expect(message!.content).toBe(
      '<@&123456789012345678> ❌ **System Health: 1,236 workflow executions did not complete**',
    );
    expect(message!.allowed_mentions).toEqual({ parse: [], roles: ['123456789012345678'] });
    expect(message!.embeds!.at(-1)).toEqual({
      title: '…and 1,234 more executions that did not complete',
      url: 'https://temporal.example/list?query=x',
      description: 'Too many to name here: open the list in the Temporal Web UI.',
      color: 0xff0000,
    });
    expect(chunks[0]!.runIds).toEqual(['run-1', 'run-2']);
  });

  test('nothing to report is no notification', () => {
    expect(failureReport([], style)).toEqual([]);
  });
});

describe('workerReport', () => {
  const queue = (name: string) => ({
    name,
    lastPollAt: null,
    workers: ['4242@etl-worker-1'],
    url: `https://temporal.example/namespaces/default/task-queues/${name}`,
  });

  test('offline queues (red) and recovered ones (green), each kind in its own message', () => {
    const notifications = workerReport(
      [
        { kind: 'offline', queue: queue('etl'), lastPollAt: '2026-11-28T09:25:00.000Z' },
        {
          kind: 'recovered',
          queue: queue('billing'),
          offlineSince: '2026-11-28T09:00:00.000Z',
          backAt: '2026-11-28T09:04:10.000Z',
        },
      ],
      style,
    );
    const messages = notifications.flatMap((notification) => buildMessages(notification));
    expect(messages).toHaveLength(2);
    expect(messages.map((message) => message.content)).toEqual([
      '❌ **Workers Offline: 1 task queue without workers**',
      '✅ **Workers Back Online: 1 task queue**',
    ]);
    expect(messages[0]!.embeds).toMatchObject([
      {
        title: 'No workers on etl',
        url: 'https://temporal.example/namespaces/default/task-queues/etl',
        description:
          'No worker has polled this task queue since <t:1795857900:R>. Its workflows and activities wait until a worker polls it again.',
        color: 0xff0000,
        fields: [
          ...inlineFields({ 'Task queue': 'etl', 'Last poll': '2026-11-28 09:25:00 UTC (<t:1795857900:R>)' }),
          ...wideFields({ 'Last seen workers': '4242@etl-worker-1' }),
        ],
      },
    ]);
    expect(messages[1]!.embeds).toMatchObject([
      {
        title: 'Workers back on billing',
        description: 'Workers poll this task queue again after about 4m 10s without one.',
        color: 0x00ff00,
      },
    ]);
    expectValid(messages);
  });

  test('nothing happened is no notification', () => {
    expect(workerReport([], style)).toEqual([]);
  });
});
