import { LIMITS } from './constants';
import { type FormPath } from './discord-errors';
import { codePointLength, type FieldChecks, type UrlSchemes } from './field-checks';
import { type JsonObject } from './http-io';

const LINK: UrlSchemes = ['http', 'https'];
const MEDIA: UrlSchemes = ['http', 'https', 'attachment'];

/**
 * Validates `embeds`: at most 10, each valid, and at most 6000 code points of text across all of them
 * (`errors.embeds._errors` = MAX_EMBED_SIZE_EXCEEDED). Returns the embeds as Discord echoes them back.
 * @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 */
export function checkEmbeds(checks: FieldChecks, raw: unknown): JsonObject[] | undefined {
  const list = checks.list(['embeds'], raw, LIMITS.embedsPerMessage);
  if (!list) return undefined;
  let total = 0;
  const text = (path: FormPath, value: unknown, max: number, required = false) => {
    if (typeof value === 'string') total += codePointLength(value);
    return checks.string(path, value, max, required);
  };
  const embeds = list.flatMap((item, index) => {
    const embed = checkEmbed(checks, ['embeds', index], item, text);
    return embed ? [embed] : [];
  });
  if (total > LIMITS.embedTotal) {
    checks.errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${LIMITS.embedTotal}`);
  }
  return embeds;
}

type TextCheck = (path: FormPath, value: unknown, max: number, required?: boolean) => string | undefined;

/**
 * One embed, normalised to the response shape: `type` is always `rich`; `video`, `provider` and image
 * `height`/`width`/`proxy_url` are dropped because webhooks cannot set them; fields get an explicit `inline`.
 * @see https://discord.com/developers/docs/resources/message#embed-object
 */
function checkEmbed(checks: FieldChecks, path: FormPath, raw: unknown, text: TextCheck): JsonObject | undefined {
  const input = checks.dict(path, raw);
  if (!input) return undefined;
  const at = (...keys: (string | number)[]) => [...path, ...keys];
  const embed: JsonObject = {
    type: 'rich',
    title: text(at('title'), input.title, LIMITS.embedTitle),
    description: text(at('description'), input.description, LIMITS.embedDescription),
    url: checks.url(at('url'), input.url, LINK),
    timestamp: checks.timestamp(at('timestamp'), input.timestamp),
    color: checks.integer(at('color'), input.color, 0, LIMITS.colorMax),
  };
  const footer = checks.dict(at('footer'), input.footer);
  if (footer) {
    embed.footer = {
      text: text(at('footer', 'text'), footer.text, LIMITS.footerText, true),
      icon_url: checks.url(at('footer', 'icon_url'), footer.icon_url, MEDIA),
    };
  }
  for (const key of ['image', 'thumbnail'] as const) {
    const media = checks.dict(at(key), input[key]);
    if (media) embed[key] = { url: checks.url(at(key, 'url'), media.url, MEDIA, true) };
  }
  const author = checks.dict(at('author'), input.author);
  if (author) {
    embed.author = {
      name: text(at('author', 'name'), author.name, LIMITS.authorName, true),
      url: checks.url(at('author', 'url'), author.url, LINK),
      icon_url: checks.url(at('author', 'icon_url'), author.icon_url, MEDIA),
    };
  }
  embed.fields = checks.list(at('fields'), input.fields, LIMITS.embedFields)?.map((raw, index) => {
    const field = checks.dict(at('fields', index), raw);
    if (!field) return {};
    return {
      name: text(at('fields', index, 'name'), field.name, LIMITS.fieldName, true),
      value: text(at('fields', index, 'value'), field.value, LIMITS.fieldValue, true),
      inline: checks.boolean(at('fields', index, 'inline'), field.inline) ?? false,
    };
  });
  return embed;
}
