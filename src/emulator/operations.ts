import { randomBytes } from 'node:crypto';
import { DEFAULT_WEBHOOK_NAME, EMULATOR_GUILD_ID } from './constants';
import { type EmulatorContext, type EmulatorWebhook, webhookInfo } from './context';
import { EmulatorInputError } from './errors';
import {
  CreateWebhookSchema,
  describeIssues,
  FaultSchema,
  type RateLimitSettings,
  RateLimitsUpdateSchema,
} from './schemas';
import { type WebhookRecord } from './store';

/*
 * The control operations, shared by the in-process API and the HTTP control routes. They take `unknown` because
 * both callers hand over untrusted input; each validates with its zod schema and names the offending field.
 */

/**
 * Creates a webhook. Missing fields get a fresh snowflake id, a random 68-character token, a channel of its own and
 * Discord's default name.
 * @throws {EmulatorInputError} for an invalid id, token, channel id or name.
 * @throws {WebhookConflictError} when the id is taken.
 */
export function createWebhook(ctx: EmulatorContext, input: unknown): EmulatorWebhook {
  const parsed = CreateWebhookSchema.safeParse(input ?? {});
  if (!parsed.success) throw new EmulatorInputError('webhook', describeIssues(parsed.error));
  const now = ctx.clock();
  const record: WebhookRecord = {
    id: parsed.data.id ?? ctx.snowflakes.next(now),
    token: parsed.data.token ?? randomBytes(51).toString('base64url'),
    channelId: parsed.data.channelId ?? ctx.snowflakes.next(now),
    guildId: EMULATOR_GUILD_ID,
    name: parsed.data.name ?? DEFAULT_WEBHOOK_NAME,
    deleted: false,
  };
  ctx.store.addWebhook(record);
  return webhookInfo(ctx, record);
}

/**
 * Queues a fault.
 * @throws {EmulatorInputError} when the fault is invalid.
 */
export function injectFault(ctx: EmulatorContext, input: unknown): void {
  const parsed = FaultSchema.safeParse(input);
  if (!parsed.success) throw new EmulatorInputError('fault', describeIssues(parsed.error));
  ctx.faults.add(parsed.data);
}

/**
 * Changes rate limits (`null` disables, absent keeps) and resets every bucket.
 * @throws {EmulatorInputError} when a limit is invalid.
 */
export function setRateLimits(ctx: EmulatorContext, input: unknown): RateLimitSettings {
  const parsed = RateLimitsUpdateSchema.safeParse(input ?? {});
  if (!parsed.success) throw new EmulatorInputError('rate limits', describeIssues(parsed.error));
  return ctx.limiter.update(parsed.data);
}

/** Forgets requests, messages, faults and bucket state; webhooks stay. */
export function resetActivity(ctx: EmulatorContext): void {
  ctx.store.clearActivity();
  ctx.faults.clear();
  ctx.limiter.reset();
}
