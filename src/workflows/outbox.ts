import {
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { OutboxStart } from '../activities/types';
import { FailureType } from '../vocabulary';
import { NON_RETRYABLE_ERROR_TYPES } from './helpers/proxies';
import { deliveryErrorOf, OutboxRun, refusedTurnOf, type OutboxCarry } from './outbox-run';
import { planTurn, requestOf, turnTiming } from './outbox-turn';
import { enqueueSignal, outboxStatusQuery, type OutboxStatus } from './queries';

/**
 * One turn of requests to Discord per activity (at most {@link MAX_TURN_REQUESTS}, a few seconds), retried until it
 * gets through: 429s after exactly `retry_after` (the activity sets `nextRetryDelay`), 5xx, timeouts and resets with
 * backoff up to 10 s, so a message goes out within seconds of Discord coming back, however long it was down. A retry
 * resumes after the requests already answered. Only a permanent refusal ends a turn early. No overall time limit: an
 * outage delays notifications, it never drops them.
 */
export const SEND_PROFILE = {
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES,
  },
} satisfies ActivityOptions;

/**
 * How long before a turn's time (the bucket's reset) its activity is scheduled, waiting for that time in the worker:
 * the timer, the workflow task and the activity's dispatch (together 50-150 ms, more on a loaded 2-core machine) then
 * happen before the reset instead of after it. Longer would only keep the turn's requests from being replaced by newer
 * states, or folded with what arrives, for longer.
 */
export const TURN_LEAD_MS = 300;

/**
 * Most requests in one turn, whatever the bucket allows (Discord's webhook bucket allows 5): a turn's requests cannot
 * be replaced by newer states while it runs, and its activity must end well within {@link SEND_PROFILE}'s minute.
 */
export const MAX_TURN_REQUESTS = 10;

const discord = proxyActivities<Pick<Activities, 'sendToDiscord'>>(SEND_PROFILE);

/** An outbox with nothing to send for this long completes; the next hand-off starts a new one. */
const IDLE_TIMEOUT = '10 minutes';
/** History events after which the outbox continues as new (Temporal suggests it earlier on large histories). */
const HISTORY_LIMIT = 5_000;
/**
 * What may wait in one outbox, in UTF-8 bytes of the hand-offs: a backlog must fit the continue-as-new input
 * (Temporal refuses payloads over 2 MB). About 1,500 alerts, hours of an outage at a marketing team's pace; beyond it
 * a hand-off is refused (`OutboxFull`), visibly, instead of being lost.
 */
export const MAX_PENDING_BYTES = 1_000_000;
/** The outbox's input: how it starts, and what it carries over when it continues as new. */
export interface OutboxInput extends OutboxStart {
  /** History events after which it continues as new. @default 5000 */
  historyLimit?: number;
  /** Bytes that may wait before hand-offs are refused. @default {@link MAX_PENDING_BYTES} */
  maxPendingBytes?: number;
  carried?: OutboxCarry;
}

/**
 * The one sender to a Discord webhook: every notification for it is handed here (signal-with-start by `notify`), so
 * Discord's limits hold for any number of workers without server settings. It sends at once when the channel is
 * idle; what waits for the channel's next turn is folded into as few messages as Discord allows, in hand-off order;
 * a message kept up to date (a campaign's progress) is posted once and then edited, and only its latest waiting
 * state is sent. Senders that wait get a receipt signal. Started as `discord-outbox-<task queue>-<webhook key>`;
 * completes after 10 idle minutes. Cancelled, it fails what waits with a receipt; terminated, it drops it.
 */
export async function discordOutbox(input: OutboxInput): Promise<OutboxStatus> {
  const {
    historyLimit = HISTORY_LIMIT,
    maxPendingBytes = MAX_PENDING_BYTES,
    carried,
    webhookKey,
    channelLimit,
  } = input;
  const run = new OutboxRun({ webhookKey, channelLimit }, maxPendingBytes, carried);
  setHandler(enqueueSignal, (item) => run.receive(item));
  setHandler(outboxStatusQuery, () => run.status());
  try {
    const next = await deliver(run, historyLimit);
    await condition(allHandlersFinished);
    await run.repliesSent();
    if (next === 'idle') return run.status();
    return await continueAsNew<typeof discordOutbox>({
      webhookKey,
      channelLimit,
      ...(input.historyLimit !== undefined && { historyLimit }),
      ...(input.maxPendingBytes !== undefined && { maxPendingBytes }),
      carried: run.carry(),
    });
  } catch (error) {
    if (!isCancellation(error)) throw error;
    await CancellationScope.nonCancellable(async () => {
      run.abandon({
        type: FailureType.OutboxCancelled,
        message: 'The outbox was cancelled before this notification was sent',
      });
      await run.repliesSent();
    });
    throw error;
  }
}

/** Sends until the outbox has been idle long enough to complete, or until its history calls for continue-as-new. */
async function deliver(run: OutboxRun, historyLimit: number): Promise<'idle' | 'continue'> {
  for (;;) {
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > historyLimit) return 'continue';
    const batch = run.queue.next();
    if (!batch) {
      if (await condition(() => run.queue.length > 0, IDLE_TIMEOUT)) continue;
      await condition(allHandlersFinished);
      if (run.queue.length === 0) return 'idle';
      continue;
    }
    run.refresh();
    const { scheduleAtMs, notBeforeMs } = turnTiming(run.pacing, batch, Date.now(), TURN_LEAD_MS);
    if (scheduleAtMs > Date.now()) {
      // A partial message waits for its turn, unless enough arrives meanwhile to fill it.
      if (batch.full) await sleep(scheduleAtMs - Date.now());
      else await condition(() => run.queue.next()?.full === true, scheduleAtMs - Date.now());
      continue;
    }
    await sendTurn(run, notBeforeMs);
  }
}

/** One turn: its requests go to the activity, which sends them from `notBeforeMs`; the answers go to the run. */
async function sendTurn(run: OutboxRun, notBeforeMs: number): Promise<void> {
  const batches = planTurn(run.queue, run.pacing, notBeforeMs, MAX_TURN_REQUESTS);
  const scheduledAtMs = Date.now();
  run.queue.sending(batches);
  try {
    const outcome = await discord.sendToDiscord({
      webhookKey: run.webhookKey,
      requests: batches.map(requestOf),
      notBeforeMs,
    });
    // Fewer answers than requests (the turn was cut short): the rest waits in the queue for the next turn.
    run.answeredTurn(batches, outcome.results, scheduledAtMs);
  } catch (error) {
    if (isCancellation(error)) throw error;
    // Retryable failures are retried for ever: this is a refusal, after the answers it carries.
    const { answered, index } = refusedTurnOf(error);
    run.answeredTurn(batches, answered, scheduledAtMs);
    const refused = batches[index];
    if (refused) run.failed(refused, deliveryErrorOf(error));
  } finally {
    run.queue.turnOver();
  }
}
