// The system-health check's notifications: failed executions and task queues whose workers went offline or came
// back. Pure (they run inside the check workflow). Each notification is sized to be exactly one Discord message.
import type { FailedExecution, FailedStatus } from '../activities/health/types';
import type { EmbedDraft, Notification } from '../discord/notification';
import { DISCORD_LIMITS } from '../discord/limits';
import type { Mentions } from '../discord/schemas';
import { codePointLength, escapeUntrusted, escapeUntrustedInline, truncate } from '../discord/text';
import type { QueueEvent } from '../activities/health/types';
import { dateTimeIn, discordTimestamp, formatCount, formatDuration } from './format';
import { PALETTE } from './palette';

/** Where and how the check's notifications show times and whom they ping. */
export interface HealthMessageOptions {
  now: Date;
  timeZone: string;
  mentions?: Mentions | undefined;
}

/** One notification of a failure report and the run ids it names (recorded once it is handed over). */
export interface FailureChunk {
  notification: Notification;
  runIds: string[];
}

/** Caps of the one-line parts of a failure's embed; the message gets the rest of the embed's share of 6000. */
const CAPS = { workflowType: 120, workflowId: 200, taskQueue: 120 } as const;

const TITLES: Record<FailedStatus, (type: string) => string> = {
  Failed: (type) => `Error in ${type}`,
  TimedOut: (type) => `Timed out: ${type}`,
  Terminated: (type) => `Terminated: ${type}`,
};
const STATUS_WORDS: Record<FailedStatus, string> = {
  Failed: 'failed',
  TimedOut: 'timed out',
  Terminated: 'terminated',
};

const inline = (text: string, max: number) => truncate(escapeUntrustedInline(text), max);
const when = (date: Date, timeZone: string) => `${dateTimeIn(date, timeZone)} (${discordTimestamp(date, 'R')})`;
const plural = (count: number, one: string, many: string) => `${formatCount(count)} ${count === 1 ? one : many}`;

/** One failure in the seed's error-alert style, its text within `budget` characters (title, fields, description). */
function failureEmbed(failure: FailedExecution, budget: number, timeZone: string): EmbedDraft {
  const closed = new Date(failure.closeTime);
  const title = TITLES[failure.status](inline(failure.workflowType, CAPS.workflowType));
  const fields = [
    { name: 'Workflow ID', value: inline(failure.workflowId, CAPS.workflowId), inline: true },
    { name: 'Task queue', value: inline(failure.taskQueue, CAPS.taskQueue), inline: true },
    { name: 'Time', value: when(closed, timeZone), inline: true },
  ];
  const fixed = [title, ...fields.flatMap((field) => [field.name, field.value])].reduce(
    (sum, text) => sum + codePointLength(text),
    0,
  );
  const room = Math.min(DISCORD_LIMITS.embedDescriptionChars, budget - fixed);
  return {
    title,
    url: failure.url,
    description: truncate(escapeUntrusted(failure.message.trim() || STATUS_WORDS[failure.status]), room),
    color: PALETTE.red,
    fields,
    timestamp: failure.closeTime,
  };
}

/** The headline: how many, and of which kind when they differ. */
function headline(failures: readonly FailedExecution[], total: number): string {
  const counts = (['Failed', 'TimedOut', 'Terminated'] as const)
    .map((status) => [status, failures.filter((failure) => failure.status === status).length] as const)
    .filter(([, count]) => count > 0);
  const kinds = counts.length > 1 ? ` (${counts.map(([status, n]) => `${n} ${STATUS_WORDS[status]}`).join(', ')})` : '';
  return `❌ **System Health: ${plural(total, 'workflow execution', 'workflow executions')} did not complete**${total === failures.length ? kinds : ''}`;
}

/**
 * The failures of one check as error alerts, one embed per execution (type, ID, task queue, time, the failure's
 * message, linked to the run), folded into notifications of at most 10 embeds and 6000 characters: each is one
 * Discord message, so 100 failures take 10 messages. The message text gets whatever room the embed's share leaves
 * (the whole 4096 for a single failure). `more` adds a last embed counting failures not named, linked to the list.
 */
export function failureReport(
  failures: readonly FailedExecution[],
  options: HealthMessageOptions & { more?: { count: number; url: string } },
): FailureChunk[] {
  const more = options.more && options.more.count > 0 ? options.more : undefined;
  const total = failures.length + (more?.count ?? 0);
  if (total === 0) return [];
  const slots: (FailedExecution | 'more')[] = [...failures, ...(more ? ['more' as const] : [])];
  const chunks: FailureChunk[] = [];
  for (let start = 0; start < slots.length; start += DISCORD_LIMITS.embedsPerMessage) {
    const slice = slots.slice(start, start + DISCORD_LIMITS.embedsPerMessage);
    const budget = Math.floor(DISCORD_LIMITS.embedTotalChars / slice.length);
    const embeds = slice.map((slot): EmbedDraft => {
      if (slot !== 'more') return failureEmbed(slot, budget, options.timeZone);
      return {
        title: `…and ${plural(more!.count, 'more execution', 'more executions')} that did not complete`,
        url: more!.url,
        description: 'Too many to name here: open the list in the Temporal Web UI.',
        color: PALETTE.red,
      };
    });
    const first = start === 0;
    chunks.push({
      notification: {
        ...(first && { content: headline(failures, total) }),
        ...(first && options.mentions && { mentions: options.mentions }),
        embeds,
      },
      runIds: slice.filter((slot): slot is FailedExecution => slot !== 'more').map((failure) => failure.runId),
    });
  }
  return chunks;
}

const workerList = (workers: readonly string[]) =>
  workers.length === 0 ? 'none listed' : truncate(escapeUntrustedInline(workers.slice(0, 5).join(', ')), 300);

function offlineEmbed(event: QueueEvent & { kind: 'offline' }, timeZone: string): EmbedDraft {
  const lastPoll = new Date(event.lastPollAt);
  return {
    title: `No workers on ${inline(event.queue.name, CAPS.taskQueue)}`,
    url: event.queue.url,
    description:
      `No worker has polled this task queue since ${discordTimestamp(lastPoll, 'R')}. ` +
      'Its workflows and activities wait until a worker polls it again.',
    color: PALETTE.red,
    fields: [
      { name: 'Task queue', value: inline(event.queue.name, CAPS.taskQueue), inline: true },
      { name: 'Last poll', value: when(lastPoll, timeZone), inline: true },
      { name: 'Last seen workers', value: workerList(event.queue.workers), inline: false },
    ],
  };
}

function recoveredEmbed(event: QueueEvent & { kind: 'recovered' }, timeZone: string): EmbedDraft {
  const back = new Date(event.backAt);
  return {
    title: `Workers back on ${inline(event.queue.name, CAPS.taskQueue)}`,
    url: event.queue.url,
    description: `Workers poll this task queue again after about ${formatDuration(back.getTime() - Date.parse(event.offlineSince))} without one.`,
    color: PALETTE.green,
    fields: [
      { name: 'Task queue', value: inline(event.queue.name, CAPS.taskQueue), inline: true },
      { name: 'Polling since', value: when(back, timeZone), inline: true },
      { name: 'Workers', value: workerList(event.queue.workers), inline: false },
    ],
  };
}

/**
 * Task queues whose workers went offline (❌, red) and came back (✅, green), each kind folded into notifications of
 * at most 10 embeds (one per queue); offline ones first.
 */
export function workerReport(events: readonly QueueEvent[], options: HealthMessageOptions): Notification[] {
  const offline = events.filter((event): event is QueueEvent & { kind: 'offline' } => event.kind === 'offline');
  const recovered = events.filter((event): event is QueueEvent & { kind: 'recovered' } => event.kind === 'recovered');
  const notifications: Notification[] = [];
  const fold = (embeds: EmbedDraft[], content: string, mentions: Mentions | undefined) => {
    for (let start = 0; start < embeds.length; start += DISCORD_LIMITS.embedsPerMessage) {
      notifications.push({
        ...(start === 0 && { content }),
        ...(start === 0 && mentions && { mentions }),
        embeds: embeds.slice(start, start + DISCORD_LIMITS.embedsPerMessage),
      });
    }
  };
  fold(
    offline.map((event) => offlineEmbed(event, options.timeZone)),
    `❌ **Workers Offline: ${plural(offline.length, 'task queue', 'task queues')} without workers**`,
    options.mentions,
  );
  fold(
    recovered.map((event) => recoveredEmbed(event, options.timeZone)),
    `✅ **Workers Back Online: ${plural(recovered.length, 'task queue', 'task queues')}**`,
    undefined,
  );
  return notifications;
}
