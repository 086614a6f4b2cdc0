// Compile-time checks against Discord's own types (discord-api-types): if Discord's documented bodies, flags or error
// codes change so that ours no longer fit, `tsc` (npm run lint) fails here. Types only: nothing of discord-api-types
// runs or is bundled into the workflow sandbox.
import type {
  AllowedMentionsTypes,
  EmbedType,
  MessageFlags,
  RESTPatchAPIWebhookWithTokenMessageJSONBody,
  RESTPostAPIWebhookWithTokenJSONBody,
} from 'discord-api-types/v10';
import type { MESSAGE_FLAGS } from './limits';
import type { AllowedMentions, Embed, WebhookMessage, WebhookMessageEdit } from './schemas';

type Assert<T extends true> = T;

/** Our schemas spell the embed type and the mention types as strings; discord-api-types as string enums. */
type WithEnums<M extends { embeds?: unknown; allowed_mentions?: unknown }> = Omit<M, 'embeds' | 'allowed_mentions'> & {
  embeds?: (Omit<Embed, 'type'> & { type?: EmbedType.Rich })[] | Extract<M['embeds'], null | undefined>;
  allowed_mentions?: Omit<AllowedMentions, 'parse'> & { parse?: AllowedMentionsTypes[] };
};

/** The strings are the enums' values. */
export type StringsAreDiscords = Assert<
  [NonNullable<Embed['type']>, AllowedMentions['parse'][number]] extends [`${EmbedType}`, `${AllowedMentionsTypes}`]
    ? true
    : false
>;
/** Every message the builder emits is a valid Execute Webhook body. */
export type WebhookMessageFitsDiscord = Assert<
  WithEnums<WebhookMessage> extends RESTPostAPIWebhookWithTokenJSONBody ? true : false
>;
/** Every edit is a valid Edit Webhook Message body. */
export type WebhookEditFitsDiscord = Assert<
  WithEnums<WebhookMessageEdit> extends RESTPatchAPIWebhookWithTokenMessageJSONBody ? true : false
>;
/** Our flag values are Discord's. */
export type FlagsAreDiscords = Assert<
  [(typeof MESSAGE_FLAGS)['SUPPRESS_EMBEDS'], (typeof MESSAGE_FLAGS)['SUPPRESS_NOTIFICATIONS']] extends [
    MessageFlags.SuppressEmbeds,
    MessageFlags.SuppressNotifications,
  ]
    ? true
    : false
>;
