import { type EmulatorContext } from './context';
import { DiscordErrors, DiscordHttpError, formError, rateLimitBody, rateLimitHeaders } from './discord-errors';
import { FieldChecks } from './field-checks';
import { FormErrors } from './form-errors';
import { type EmulatorResponse, json } from './http-io';
import { applyEdit, buildMessage } from './message';
import { decodeBody } from './request-body';
import { isSnowflake } from './snowflake';
import { type StoredMessage, type WebhookRecord } from './store';
import { checkEditBody, checkExecuteBody, isBlank } from './validate-message';

/** One authenticated-route call, after the pipeline let it through the rate limits. */
export interface WebhookCall {
  readonly method: string;
  readonly webhookId: string;
  readonly token: string;
  readonly messageId: string | null;
  readonly query: URLSearchParams;
  readonly body: Buffer;
  readonly contentType: string | undefined;
  readonly nowMs: number;
}

const NO_CONTENT: EmulatorResponse = { status: 204, body: null, headers: {} };

/**
 * Runs a webhook route: execute, delete the webhook, get/edit/delete a message.
 * @throws {DiscordHttpError} for every Discord error answer.
 * @see https://discord.com/developers/docs/resources/webhook
 */
export function dispatchWebhookCall(ctx: EmulatorContext, call: WebhookCall): EmulatorResponse {
  const pathErrors = new FormErrors();
  const checks = new FieldChecks(pathErrors);
  checks.snowflake(['webhook_id'], call.webhookId);
  if (call.messageId !== null) checks.snowflake(['message_id'], call.messageId);
  if (pathErrors.size > 0) throw formError(pathErrors);
  const webhook = authenticate(ctx, call);
  if (call.messageId === null) {
    if (call.method === 'POST') return execute(ctx, call, webhook);
    webhook.deleted = true;
    return NO_CONTENT;
  }
  const query = checkQuery(call.query, ['thread_id', 'with_components']);
  const stored = findMessage(ctx, webhook, call.messageId, query.threadId);
  if (call.method === 'GET') return json(200, stored.message);
  if (call.method === 'DELETE') {
    ctx.store.deleteMessage(stored, call.nowMs);
    return NO_CONTENT;
  }
  const { draft, errors } = checkEditBody(decodeBody(call.body, call.contentType), query.withComponents);
  if (errors.size > 0) throw formError(errors);
  const edited = applyEdit(stored.message, draft, call.nowMs);
  if (!edited) throw DiscordErrors.emptyMessage();
  ctx.store.updateMessage(stored, edited, call.nowMs);
  return json(200, edited);
}

function execute(ctx: EmulatorContext, call: WebhookCall, webhook: WebhookRecord): EmulatorResponse {
  const query = checkQuery(call.query, ['wait', 'thread_id', 'with_components']);
  const { draft, errors } = checkExecuteBody(decodeBody(call.body, call.contentType), query.withComponents);
  if (errors.size > 0) throw formError(errors);
  // Emulated webhooks live in text channels, where only forum/media channels accept thread_name.
  if (draft.threadName !== undefined) throw DiscordErrors.threadsOnlyInForums();
  if (isBlank(draft.content) && draft.embeds.length === 0) throw DiscordErrors.emptyMessage();
  const channel = ctx.limiter.takeChannel(webhook.channelId, call.nowMs);
  if (channel && !channel.allowed) {
    const ms = channel.retryAfterMs;
    throw new DiscordHttpError(429, (legacy) => rateLimitBody(ms, 'shared', legacy), rateLimitHeaders(ms, 'shared'));
  }
  const channelId = query.threadId ?? webhook.channelId;
  const message = buildMessage(draft, { webhook, channelId, nowMs: call.nowMs, snowflakes: ctx.snowflakes });
  const stored: StoredMessage = {
    webhookId: webhook.id,
    channelId: webhook.channelId,
    threadId: query.threadId ?? null,
    message,
    avatarUrl: draft.avatarUrl ?? null,
    createdAt: call.nowMs,
    updatedAt: call.nowMs,
    editCount: 0,
    deleted: false,
  };
  ctx.store.addMessage(stored);
  return query.wait ? json(200, message) : NO_CONTENT;
}

/** Unknown or deleted id -> 404/10015; known id with another token -> 401/50027. */
function authenticate(ctx: EmulatorContext, call: WebhookCall): WebhookRecord {
  const webhook = ctx.store.webhook(call.webhookId);
  if (!webhook || webhook.deleted) throw DiscordErrors.unknownWebhook();
  if (webhook.token !== call.token) throw DiscordErrors.invalidWebhookToken();
  return webhook;
}

/** Messages are found only through the webhook that sent them and in the channel (or thread) they live in. */
function findMessage(ctx: EmulatorContext, webhook: WebhookRecord, id: string, threadId?: string): StoredMessage {
  const stored = ctx.store.message(id);
  const channelId = threadId ?? webhook.channelId;
  if (!stored || stored.deleted || stored.webhookId !== webhook.id || stored.message.channel_id !== channelId) {
    throw DiscordErrors.unknownMessage();
  }
  return stored;
}

type QueryKey = 'wait' | 'thread_id' | 'with_components';

/** Query booleans accept True/true/1 and False/false/0; `thread_id` must be a snowflake. */
function checkQuery(
  params: URLSearchParams,
  keys: readonly QueryKey[],
): { wait: boolean; threadId?: string; withComponents: boolean } {
  const errors = new FormErrors();
  const flag = (key: QueryKey): boolean => {
    const value = keys.includes(key) ? params.get(key) : null;
    if (value === null || /^(false|0)$/i.test(value)) return false;
    if (/^(true|1)$/i.test(value)) return true;
    errors.add([key], 'BOOLEAN_TYPE_CONVERT', 'Must be either true or false.');
    return false;
  };
  const threadId = keys.includes('thread_id') ? (params.get('thread_id') ?? undefined) : undefined;
  if (threadId !== undefined && !isSnowflake(threadId)) {
    errors.add(['thread_id'], 'NUMBER_TYPE_COERCE', `Value "${threadId}" is not snowflake.`);
  }
  const result = { wait: flag('wait'), threadId, withComponents: flag('with_components') };
  if (errors.size > 0) throw formError(errors);
  return result;
}
