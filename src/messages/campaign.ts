import type { Notification } from '../discord/notification';
import type { Mentions } from '../discord/schemas';
import { escapeUntrusted, escapeUntrustedInline } from '../discord/text';
import type { StepCounts } from '../inputs/domain';
import { formatCount } from './format';
import { PALETTE } from './palette';

/** The campaign's name heads every campaign message (embed author line), so parallel campaigns stay apart. */
const author = (campaignName: string) => ({ name: escapeUntrustedInline(campaignName) });

/** The seed's "Campaign Started" message. */
export function campaignStarted(campaignName: string, now: Date, mentions?: Mentions): Notification {
  return {
    content: '🚀 **Campaign Started**',
    ...(mentions && { mentions }),
    embeds: [
      {
        author: author(campaignName),
        title: 'Marketing Campaign Execution',
        description: 'Starting daily marketing automation...',
        color: PALETTE.blue,
        timestamp: now.toISOString(),
      },
    ],
  };
}

/** The seed's "Campaign Complete" message, with Success/Failed counts when the step reported them. */
export function campaignCompleted(campaignName: string, counts: StepCounts | undefined, now: Date): Notification {
  return {
    content: '✅ **Campaign Complete**',
    embeds: [
      {
        author: author(campaignName),
        title: 'Execution Successful',
        description: counts ? `Processed ${formatCount(counts.total)} items` : 'All steps finished',
        color: PALETTE.green,
        ...(counts && {
          fields: [
            { name: 'Success', value: formatCount(counts.success), inline: true },
            { name: 'Failed', value: formatCount(counts.failed), inline: true },
          ],
        }),
        timestamp: now.toISOString(),
      },
    ],
  };
}

/**
 * The end of a campaign that was cancelled (from the Web UI, `temporal workflow cancel`, or a parent), so its
 * "Campaign Started" message does not stay open-ended.
 */
export function campaignCancelled(campaignName: string, workflowType: string, now: Date): Notification {
  return {
    content: '🛑 **Campaign Cancelled**',
    embeds: [
      {
        author: author(campaignName),
        title: 'Execution Cancelled',
        description: `Cancelled during step: ${escapeUntrustedInline(workflowType)}`,
        color: PALETTE.orange,
        timestamp: now.toISOString(),
      },
    ],
  };
}

/** Where a campaign with progress stands; also what the `progress` query returns (plus the percent). */
export interface ProgressState {
  campaignName: string;
  steps: readonly string[];
  completed: number;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  /** The step that failed, with the reason. */
  failure?: { step: string; message: string };
}

/** Whole percent of the steps done: 0, 33, 67, 100 for three steps, like the seed. */
export const progressPercent = (state: Pick<ProgressState, 'completed' | 'steps'>): number =>
  state.steps.length === 0 ? 100 : Math.round((100 * state.completed) / state.steps.length);

function progressBar(percent: number, width = 20): string {
  const filled = Math.round((percent / 100) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${percent}%`;
}

const CURRENT_STEP_MARK = { running: '⏳', failed: '❌', cancelled: '⏹️', done: '⬜' } as const;

function stepLine(state: ProgressState, name: string, index: number): string {
  const label = `${index + 1}. ${escapeUntrustedInline(name)}`;
  if (index < state.completed) return `✅ ${label}`;
  if (index === state.completed) return `${CURRENT_STEP_MARK[state.status]} ${label}`;
  return `⬜ ${label}`;
}

function headline(state: ProgressState): string {
  if (state.status === 'done') return '✅ All steps complete!';
  if (state.status === 'failed') return '❌ **Campaign Failed**';
  if (state.status === 'cancelled') return '🛑 **Campaign Cancelled**';
  return state.completed === 0 ? '🚀 Starting campaign...' : `📊 Step ${state.completed} complete`;
}

const PROGRESS_COLOR = {
  running: PALETTE.blue,
  done: PALETTE.green,
  failed: PALETTE.red,
  cancelled: PALETTE.orange,
} as const;

/**
 * The ONE progress message of a campaign, edited in place: blue while running, green when done, red on failure,
 * orange when cancelled. `mentions` (DISCORD_MENTIONS_CAMPAIGN) ping on the first post; edits keep them in the text
 * and Discord does not ping again for an edit.
 */
export function campaignProgress(state: ProgressState, now: Date, mentions?: Mentions): Notification {
  const percent = progressPercent(state);
  const lines = [progressBar(percent), '', ...state.steps.map((name, index) => stepLine(state, name, index))];
  if (state.failure) {
    lines.push('', `Failed at step ${state.completed + 1}: **${escapeUntrustedInline(state.failure.step)}**`);
    lines.push(escapeUntrusted(state.failure.message));
  }
  const current = state.steps[state.completed];
  if (state.status === 'cancelled' && current !== undefined) {
    lines.push('', `Cancelled during step ${state.completed + 1}: **${escapeUntrustedInline(current)}**`);
  }
  return {
    content: headline(state),
    ...(mentions && { mentions }),
    embeds: [
      {
        author: author(state.campaignName),
        title: `Progress: ${percent}%`,
        description: lines.join('\n'),
        color: PROGRESS_COLOR[state.status],
        footer: { text: `${state.completed} of ${state.steps.length} steps` },
        timestamp: now.toISOString(),
      },
    ],
  };
}
