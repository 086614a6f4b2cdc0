import { type EmulatorContext } from './context';
import { DiscordErrors, formError, FormErrors, rateLimitError } from './discord-errors';
import { FieldChecks } from './field-checks';
import { type EmulatorResponse, json, mediaType, parseJson } from './http-io';
import { FORM_CONTENT_TYPES, formBodyNotModelled } from './not-modelled';
import { applyEdit, buildMessage } from './message';
import { type StoredMessage, type WebhookRecord } from './store';
import { checkEditBody, checkExecuteBody, isBlank } from './validate-message';

/** One webhook-route call that passed the pipeline's checks and rate limits. */
export type WebhookCall = {
  readonly method: string;
  readonly webhookId: string;
  readonly token: string;
  readonly messageId: string | null;
  readonly query: URLSearchParams;
  readonly body: Buffer;
  readonly contentType: string | undefined;
  readonly nowMs: number;
};

const NO_CONTENT = json(204, null);

/**
 * Runs a webhook route: execute, delete the webhook, get/edit/delete a message.
 * @throws {DiscordHttpError} for every Discord error answer.
 * @see https://discord.com/developers/docs/resources/webhook
 */
export function dispatchWebhookCall(ctx: EmulatorContext, call: WebhookCall): EmulatorResponse {
  const checks = new FieldChecks(new FormErrors());
  checks.snowflake(['webhook_id'], call.webhookId);
  if (call.messageId !== null) checks.snowflake(['message_id'], call.messageId);
  if (checks.errors.size > 0) throw formError(checks.errors);
  const webhook = ctx.store.webhookById.get(call.webhookId);
  if (!webhook || webhook.deleted) throw DiscordErrors.unknownWebhook();
  if (webhook.token !== call.token) throw DiscordErrors.invalidWebhookToken();
  if (call.messageId === null && call.method === 'DELETE') {
    webhook.deleted = true;
    return NO_CONTENT;
  }
  const query = checkQuery(call.query, call.messageId === null);
  if (call.messageId === null) return execute(ctx, call, webhook, query);
  // Messages are found only through the webhook that sent them and in the channel (or thread) they live in.
  const stored = ctx.store.messageById.get(call.messageId);
  const channelId = query.threadId ?? webhook.channelId;
  if (!stored || stored.deleted || stored.webhookId !== webhook.id || stored.message.channel_id !== channelId) {
    throw DiscordErrors.unknownMessage();
  }
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

type Query = ReturnType<typeof checkQuery>;

/** Execute Webhook: validate, then the hidden channel limit (only messages that would be created count). */
function execute(ctx: EmulatorContext, call: WebhookCall, webhook: WebhookRecord, query: Query): EmulatorResponse {
  const { draft, errors } = checkExecuteBody(decodeBody(call.body, call.contentType), query.withComponents);
  if (errors.size > 0) throw formError(errors);
  // Emulated webhooks live in text channels, where only forum/media channels accept thread_name.
  if (draft.threadName !== undefined) throw DiscordErrors.threadsOnlyInForums();
  if (isBlank(draft.content) && draft.embeds.length === 0) throw DiscordErrors.emptyMessage();
  const channel = ctx.limiter.take('channelRateLimit', webhook.channelId, call.nowMs);
  if (channel && !channel.allowed) throw rateLimitError(channel.retryAfterMs, 'shared');
  const threadId = query.threadId ?? null;
  const { nowMs } = call;
  const message = buildMessage(draft, {
    webhook,
    channelId: threadId ?? webhook.channelId,
    nowMs,
    snowflakes: ctx.snowflakes,
  });
  const avatarUrl = draft.avatarUrl ?? null;
  const stored: StoredMessage = {
    webhookId: webhook.id,
    channelId: webhook.channelId,
    threadId,
    message,
    avatarUrl,
    createdAt: nowMs,
    updatedAt: nowMs,
    editCount: 0,
    deleted: false,
  };
  ctx.store.addMessage(stored);
  return query.wait ? json(200, message) : NO_CONTENT;
}

/** Query booleans accept True/true/1 and False/false/0; `thread_id` must be a snowflake; `wait` is for Execute only. */
function checkQuery(params: URLSearchParams, execute: boolean) {
  const checks = new FieldChecks(new FormErrors());
  const flag = (key: string): boolean => {
    const value = params.get(key);
    if (value !== null && !/^(true|false|1|0)$/i.test(value))
      checks.fail([key], 'BOOLEAN_TYPE_CONVERT', 'Must be either true or false.');
    return value !== null && /^(true|1)$/i.test(value);
  };
  const threadId = checks.snowflake(['thread_id'], params.get('thread_id'));
  const query = { wait: execute && flag('wait'), threadId, withComponents: flag('with_components') };
  if (checks.errors.size > 0) throw formError(checks.errors);
  return query;
}

/**
 * Decodes a JSON body; an empty body is an empty payload (which then fails as an empty message).
 * @throws {DiscordHttpError} 400/50109 for invalid JSON; 400/50035 for a Content-Type Discord refuses, and for the
 * form and multipart bodies Discord accepts but the emulator does not model.
 * @see https://discord.com/developers/docs/reference#http-api-content-type
 */
function decodeBody(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return {};
  const type = mediaType(contentType);
  if (type === 'application/json') {
    const parsed = parseJson(body.toString('utf8'));
    if (!parsed.ok) throw DiscordErrors.invalidJson();
    return parsed.value;
  }
  if (type !== undefined && FORM_CONTENT_TYPES.includes(type)) throw formBodyNotModelled(type);
  const errors = new FormErrors();
  const accepted = ['application/json', ...FORM_CONTENT_TYPES].map((accepted) => `'${accepted}'`).join(', ');
  errors.add([], 'CONTENT_TYPE_INVALID', `Expected "Content-Type" header to be one of {${accepted}}.`);
  throw formError(errors);
}
