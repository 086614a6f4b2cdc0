import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { ClientConfig } from '../config';
import { dailyReportWorkflowId, hotLeadWorkflowId } from '../ids';
import { dateIn } from '../messages/format';
import { describeIssues } from '../inputs/validate';
import { WORKFLOW_INPUTS, type WorkflowType } from '../inputs/workflows';
import { workflowUrl } from './connect';
import { CliError, ExitCode } from './errors';

/** `--id-reuse-policy` values (the temporal CLI's spelling) and what they mean to the SDK. */
const ID_REUSE_POLICIES = {
  AllowDuplicate: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
  AllowDuplicateFailedOnly: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
  RejectDuplicate: WorkflowIdReusePolicy.REJECT_DUPLICATE,
} as const;
type IdReusePolicyName = keyof typeof ID_REUSE_POLICIES;

export const START_HELP = `Usage: npx discord-notify start <workflowType> --input '<json>' [--id <workflowId>] [--id-reuse-policy <policy>] [--wait]

Starts one workflow on TEMPORAL_TASK_QUEUE after validating its input against the workflow's schema.
Workflow types: ${Object.keys(WORKFLOW_INPUTS).join(', ')}

Options:
  -i, --input <json>        the workflow's input object (default {})
      --id <workflowId>     workflow ID (default <type>-<random>); use a business key to deduplicate
      --id-reuse-policy <policy>
                            when a closed workflow already has this ID: AllowDuplicate (default) starts
                            another run, AllowDuplicateFailedOnly only if that one failed, RejectDuplicate never.
                            A workflow that already ran (or still runs) under the ID is not an error: it prints
                            "workflow <id> already ran; nothing started" and exits 0.
      --once-per-day        hotLeadAlert and dailyPerformanceReport only: derive the ID from the lead (its Notion id,
                            or a hash of its email) or the report date, with today's date in REPORT_TIMEZONE,
                            and use RejectDuplicate, so a second start the same day sends nothing
  -w, --wait                wait for the result and print it as JSON
  -t, --task-queue <queue>  task queue (default TEMPORAL_TASK_QUEUE)
  -h, --help                this help

Example, one hot-lead alert per lead per day (the ID holds the lead's Notion id or a hash of the email, never the
email itself: IDs are not encrypted and show in the Web UI):
  npx discord-notify start hotLeadAlert --once-per-day \\
    --input '{"lead":{"firstName":"Min-Ji","email":"minjipark@salon.com","notionId":"a1b2c3d4"},"score":92}'

Exit codes: 0 started (or completed with --wait, or already ran), 1 the workflow failed, 2 invalid input or usage,
3 Temporal unreachable.`;

interface StartArgs {
  type: WorkflowType;
  input: unknown;
  id: string | undefined;
  wait: boolean;
  taskQueue: string | undefined;
  idReusePolicy: WorkflowIdReusePolicy | undefined;
  oncePerDay: boolean;
}

/** Workflow types whose runs have a natural once-per-day business key. */
const ONCE_PER_DAY_TYPES = ['hotLeadAlert', 'dailyPerformanceReport'] as const;

/** `--once-per-day` derives the ID: only for the types with a business key, and not with --id or its policy. */
function checkOncePerDay(type: string, id: string | undefined, policy: string | undefined): void {
  if (!(ONCE_PER_DAY_TYPES as readonly string[]).includes(type)) {
    throw new CliError(
      `start: --once-per-day works with ${ONCE_PER_DAY_TYPES.join(' and ')}, not ${type}`,
      ExitCode.Usage,
    );
  }
  if (id !== undefined || policy !== undefined) {
    throw new CliError(
      'start: --once-per-day sets the ID and its reuse policy; drop --id / --id-reuse-policy',
      ExitCode.Usage,
    );
  }
}

/** `--input` as JSON, checked against the workflow's input schema. */
function parseInput(type: WorkflowType, json: string | undefined): unknown {
  let input: unknown = {};
  if (json !== undefined) {
    try {
      input = JSON.parse(json);
    } catch (error) {
      throw new CliError(`start: --input is not valid JSON: ${(error as Error).message}`, ExitCode.Usage);
    }
  }
  const parsed = WORKFLOW_INPUTS[type].safeParse(input);
  if (!parsed.success) {
    throw new CliError(
      `start: invalid input for ${type}:\n  ${describeIssues(parsed.error.issues).join('\n  ')}`,
      ExitCode.Usage,
    );
  }
  return input;
}

/** Parses and validates `start` arguments; nothing is started when they are wrong. */
export function parseStartArgs(argv: string[]): StartArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      input: { type: 'string', short: 'i' },
      id: { type: 'string' },
      'id-reuse-policy': { type: 'string' },
      'once-per-day': { type: 'boolean', default: false },
      wait: { type: 'boolean', short: 'w', default: false },
      'task-queue': { type: 'string', short: 't' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const [type, ...extra] = positionals;
  if (!type) throw new CliError(`start: missing <workflowType>\n\n${START_HELP}`, ExitCode.Usage);
  if (extra.length > 0) throw new CliError(`start: unexpected argument "${extra[0]}"`, ExitCode.Usage);
  if (!(type in WORKFLOW_INPUTS)) {
    throw new CliError(
      `start: unknown workflow type "${type}"; one of: ${Object.keys(WORKFLOW_INPUTS).join(', ')}`,
      ExitCode.Usage,
    );
  }
  if (values.id !== undefined && values.id.trim() === '')
    throw new CliError('start: --id must not be empty', ExitCode.Usage);
  const policy = values['id-reuse-policy'];
  if (policy !== undefined && !(policy in ID_REUSE_POLICIES)) {
    throw new CliError(
      `start: --id-reuse-policy must be one of ${Object.keys(ID_REUSE_POLICIES).join(', ')}, not "${policy}"`,
      ExitCode.Usage,
    );
  }
  if (values['once-per-day']) checkOncePerDay(type, values.id, policy);
  const input = parseInput(type as WorkflowType, values.input);
  return {
    type: type as WorkflowType,
    input,
    id: values.id,
    wait: values.wait,
    taskQueue: values['task-queue'],
    idReusePolicy: policy === undefined ? undefined : ID_REUSE_POLICIES[policy as IdReusePolicyName],
    oncePerDay: values['once-per-day'],
  };
}

/** The business-key ID `--once-per-day` derives: the lead or report date plus today in REPORT_TIMEZONE. */
function oncePerDayId(args: StartArgs, config: ClientConfig, now: Date): string {
  const today = dateIn(now, config.notifications.reportTimezone);
  if (args.type === 'hotLeadAlert') {
    return hotLeadWorkflowId((args.input as { lead: { email: string; notionId?: string } }).lead, today);
  }
  return dailyReportWorkflowId((args.input as { date?: string }).date ?? today);
}

/** `start`: starts the workflow, prints its ID and Web UI link, and with --wait its result. */
export async function startCommand(args: StartArgs, config: ClientConfig, client: Client, out: (line: string) => void) {
  const workflowId = args.oncePerDay
    ? oncePerDayId(args, config, new Date())
    : (args.id ?? `${args.type}-${randomUUID()}`);
  const idReusePolicy = args.oncePerDay ? WorkflowIdReusePolicy.REJECT_DUPLICATE : args.idReusePolicy;
  let handle;
  try {
    handle = await client.workflow.start(args.type, {
      taskQueue: args.taskQueue ?? config.temporal.taskQueue,
      workflowId,
      args: [args.input],
      ...(idReusePolicy && { workflowIdReusePolicy: idReusePolicy }),
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    // Deduplication did its job: that is success for a caller that uses a business key as the ID.
    const existing = await client.workflow.getHandle(workflowId).describe();
    out(
      existing.status.name === 'RUNNING'
        ? `workflow ${workflowId} is already running; nothing started`
        : `workflow ${workflowId} already ran; nothing started`,
    );
    out(`Web UI: ${workflowUrl(config, workflowId, existing.runId)}`);
    return;
  }
  out(`Started ${args.type} as workflow ${workflowId}`);
  out(`Web UI: ${workflowUrl(config, workflowId, handle.firstExecutionRunId)}`);
  if (!args.wait) return;
  try {
    out(JSON.stringify(await handle.result(), null, 2));
  } catch (error) {
    if (error instanceof WorkflowFailedError) {
      const chain: string[] = [];
      for (let cause: unknown = error.cause; cause instanceof Error; cause = (cause as { cause?: unknown }).cause) {
        chain.push(`${cause.name}: ${cause.message}`);
      }
      throw new CliError(`Workflow ${workflowId} failed:\n  ${chain.join('\n  caused by ')}`, ExitCode.Failed);
    }
    throw error;
  }
}
