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
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { OutboxStart } from '../activities/types';
import {
  FailureType,
  MAX_PENDING_BYTES,
  MAX_TURN_REQUESTS,
  OUTBOX_HISTORY_LIMIT,
  OUTBOX_IDLE_TIMEOUT,
  SEND_PROFILE,
  TURN_LEAD_MS,
} from '../vocabulary';
import { deliveryErrorOf, OutboxRun, refusedTurnOf, type OutboxCarry } from './outbox-run';
import { planTurn, requestOf, turnTiming } from './outbox-turn';
import { enqueueSignal, outboxStatusQuery, type OutboxStatus } from './queries';

const discord = proxyActivities<Pick<Activities, 'sendToDiscord'>>(SEND_PROFILE);

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
    historyLimit = OUTBOX_HISTORY_LIMIT,
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
      if (await condition(() => run.queue.length > 0, OUTBOX_IDLE_TIMEOUT)) continue;
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
