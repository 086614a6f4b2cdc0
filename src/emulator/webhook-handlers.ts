import { type EmulatorContext } from './context';
import { DiscordErrors, DiscordHttpError, formError, rateLimitBody, rateLimitHeaders } from './discord-errors';
import { FieldChecks } from './field-checks';
import { FormErrors } from './form-errors';
import { type EmulatorResponse, json } from './http-io';
import { isPlainObject } from './json';
import { applyEdit, avatarHash, buildMessage, type MessageContext } from './message';
import { decodeBody } from './request-body';
import { isSnowflake } from './snowflake';
import { type StoredMessage, type WebhookRecord } from './store';
import { checkEditBody, checkExecuteBody, checkUsername, isBlank } from './validate-message';

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
 * Runs a webhook route: execute, get/modify/delete the webhook, get/edit/delete a message.
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
    if (call.method === 'GET') return json(200, webhookObject(webhook));
    if (call.method === 'PATCH') return modifyWebhook(call, webhook);
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
  const { payload, files } = decodeBody(call.body, call.contentType);
  const { draft, errors } = checkEditBody(payload, query.withComponents);
  if (errors.size > 0) throw formError(errors);
  const outcome = applyEdit(
    stored.message,
    draft,
    files,
    messageContext(ctx, webhook, stored.message.channel_id, call),
  );
  if (outcome.ok === 'empty') throw DiscordErrors.emptyMessage();
  if (!outcome.ok) throw formError(outcome.errors);
  ctx.store.updateMessage(stored, outcome.message, call.nowMs);
  return json(200, outcome.message);
}

function execute(ctx: EmulatorContext, call: WebhookCall, webhook: WebhookRecord): EmulatorResponse {
  const query = checkQuery(call.query, ['wait', 'thread_id', 'with_components']);
  const { payload, files } = decodeBody(call.body, call.contentType);
  const { draft, errors } = checkExecuteBody(payload, query.withComponents);
  if (errors.size > 0) throw formError(errors);
  // Emulated webhooks live in text channels, where only forum/media channels accept thread_name.
  if (draft.threadName !== undefined) throw DiscordErrors.threadsOnlyInForums();
  const empty = isBlank(draft.content) && draft.embeds.length === 0 && draft.components.length === 0;
  if (empty && draft.poll === undefined && files.length === 0) throw DiscordErrors.emptyMessage();
  const channel = ctx.limiter.takeChannel(webhook.channelId, call.nowMs);
  if (channel && !channel.allowed) {
    const ms = channel.retryAfterMs;
    throw new DiscordHttpError(429, (legacy) => rateLimitBody(ms, 'shared', legacy), rateLimitHeaders(ms, 'shared'));
  }
  const channelId = query.threadId ?? webhook.channelId;
  const message = buildMessage(draft, files, messageContext(ctx, webhook, channelId, call));
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

function modifyWebhook(call: WebhookCall, webhook: WebhookRecord): EmulatorResponse {
  const { payload } = decodeBody(call.body, call.contentType);
  const errors = new FormErrors();
  const checks = new FieldChecks(errors);
  const input = isPlainObject(payload) ? payload : {};
  if (!isPlainObject(payload)) errors.add([], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
  const name = checkUsername(checks, input.name, 'name');
  const avatar = input.avatar;
  if (
    avatar !== undefined &&
    avatar !== null &&
    (typeof avatar !== 'string' || !/^data:image\/\w+;base64,/.test(avatar))
  ) {
    errors.add(['avatar'], 'IMAGE_INVALID', 'Invalid image data');
  }
  if (errors.size > 0) throw formError(errors);
  if (name !== undefined) webhook.name = name.trim();
  if (avatar === null) webhook.avatar = null;
  else if (typeof avatar === 'string') webhook.avatar = avatarHash(avatar);
  return json(200, webhookObject(webhook));
}

/** The webhook object answered to token-authenticated GET/PATCH (no `user`, as with a token). */
function webhookObject(webhook: WebhookRecord) {
  return {
    application_id: null,
    avatar: webhook.avatar,
    channel_id: webhook.channelId,
    guild_id: webhook.guildId,
    id: webhook.id,
    name: webhook.name,
    type: 1,
    token: webhook.token,
  };
}

function messageContext(
  ctx: EmulatorContext,
  webhook: WebhookRecord,
  channelId: string,
  call: WebhookCall,
): MessageContext {
  return { webhook, channelId, nowMs: call.nowMs, snowflakes: ctx.snowflakes, baseUrl: ctx.baseUrl };
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
