/**
 * `npm run emulator`: starts the Discord webhook emulator with one fixed webhook and prints what to paste.
 *
 * Environment (empty = unset):
 * - EMULATOR_HOST           default 127.0.0.1
 * - EMULATOR_PORT           default 8787; 0 picks a free port
 * - EMULATOR_WEBHOOK_ID     default 1300000000000000001
 * - EMULATOR_WEBHOOK_TOKEN  default the fixed 68-character DEFAULT_WEBHOOK_TOKEN, so the URL is stable between runs
 * - EMULATOR_CHANNEL_LIMIT  0 turns off Discord's hidden per-channel limit (30 messages per 60 s, on by default)
 *
 * Exit codes: 0 after SIGINT/SIGTERM, 1 when it cannot start (e.g. the port is in use), 2 for an invalid variable.
 */
import { z } from 'zod';
import { type DiscordEmulator } from './api';
import { DEFAULT_CHANNEL_ID, DEFAULT_EMULATOR_PORT, DEFAULT_WEBHOOK_ID, DEFAULT_WEBHOOK_TOKEN } from './constants';
import { EmulatorPortInUseError } from './errors';
import { describeIssues, SnowflakeSchema, type WindowLimit, WebhookTokenSchema } from './schemas';
import { startEmulator } from './server';

/** Where {@link runEmulatorMain} writes; `process.stdout` fits. */
export interface TextSink {
  write(text: string): unknown;
}

/** The outcome of {@link runEmulatorMain}: a running emulator (exit code 0), or the exit code to use. */
export type MainResult = { exitCode: 0; emulator: DiscordEmulator } | { exitCode: 1 | 2; emulator?: undefined };

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());
const PORT = 'must be a port number 0-65535';

/** The emulator's environment variables. */
export const EmulatorEnvSchema = z.object({
  EMULATOR_HOST: optional(z.string().regex(/^[A-Za-z0-9.:-]+$/, 'must be a host name or IP address, e.g. 127.0.0.1')),
  EMULATOR_PORT: optional(
    z
      .string()
      .regex(/^\d{1,5}$/, PORT)
      .transform(Number)
      .pipe(z.int().max(65_535, PORT)),
  ),
  EMULATOR_WEBHOOK_ID: optional(SnowflakeSchema),
  EMULATOR_WEBHOOK_TOKEN: optional(WebhookTokenSchema),
  EMULATOR_CHANNEL_LIMIT: optional(z.enum(['0', '1', 'true', 'false'], 'must be 1 (on) or 0 (off)')),
});

/**
 * Validates `env`, starts the emulator and prints the webhook URL, a ready-to-paste environment line, the preview
 * URL and the control API base. Never throws: failures are printed as one line to `stderr`.
 */
export async function runEmulatorMain(
  env: Readonly<Record<string, string | undefined>>,
  stdout: TextSink,
  stderr: TextSink = stdout,
): Promise<MainResult> {
  const parsed = EmulatorEnvSchema.safeParse(env);
  if (!parsed.success) {
    stderr.write(`invalid environment: ${describeIssues(parsed.error)}\n`);
    return { exitCode: 2 };
  }
  const { EMULATOR_HOST, EMULATOR_PORT = DEFAULT_EMULATOR_PORT, EMULATOR_CHANNEL_LIMIT } = parsed.data;
  const id = parsed.data.EMULATOR_WEBHOOK_ID ?? DEFAULT_WEBHOOK_ID;
  const token = parsed.data.EMULATOR_WEBHOOK_TOKEN ?? DEFAULT_WEBHOOK_TOKEN;
  try {
    const emulator = await startEmulator({
      host: EMULATOR_HOST ?? '127.0.0.1',
      port: EMULATOR_PORT,
      ...(['0', 'false'].includes(EMULATOR_CHANNEL_LIMIT ?? '') && { channelRateLimit: null }),
      webhooks: [{ id, token, channelId: DEFAULT_CHANNEL_ID }],
    });
    stdout.write(banner(emulator));
    return { exitCode: 0, emulator };
  } catch (error) {
    if (error instanceof EmulatorPortInUseError) stderr.write(`port ${EMULATOR_PORT} is in use; set EMULATOR_PORT\n`);
    else stderr.write(`the emulator could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    return { exitCode: 1 };
  }
}

function banner(emulator: DiscordEmulator): string {
  const [webhook] = emulator.webhooks();
  const limits = emulator.rateLimits();
  const describe = (limit: WindowLimit | null, what: string) =>
    limit ? `${limit.limit} per ${limit.windowMs} ms ${what}` : `no ${what} limit`;
  const channel = limits.channelRateLimit
    ? describe(limits.channelRateLimit, 'per channel (hidden)')
    : 'hidden channel limit off (unset EMULATOR_CHANNEL_LIMIT to turn it on)';
  return `Discord webhook emulator listening on ${emulator.url}

Webhook URL  ${webhook?.url ?? '(none)'}
Preview      ${emulator.url}/
Control API  ${emulator.url}/_emulator/  (health, webhooks, requests, messages, faults, rate-limits, events)
Rate limits  ${describe(limits.rateLimit, 'per webhook')}, ${describe(limits.globalRateLimit, 'global per IP')}, ${channel}

Paste into your shell or .env:
DISCORD_WEBHOOK_URL=${webhook?.url ?? ''} DISCORD_ALLOWED_HOSTS=${new URL(emulator.url).host}

Ctrl+C stops it.
`;
}

async function main(): Promise<void> {
  const { emulator, exitCode } = await runEmulatorMain(process.env, process.stdout, process.stderr);
  process.exitCode = exitCode;
  const stop = (signal: NodeJS.Signals) => {
    process.stdout.write(`${signal}: stopping the emulator\n`);
    emulator?.close().catch((error: unknown) => {
      process.stderr.write(`error while stopping: ${String(error)}\n`);
      process.exitCode = 1;
    });
  };
  if (emulator) process.once('SIGINT', stop).once('SIGTERM', stop);
}

if (require.main === module) void main();
