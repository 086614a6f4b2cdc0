import { LIMITS } from './constants';
import { codePointLength, type FieldChecks, type UrlSchemes } from './field-checks';
import { type FormPath } from './form-errors';
import { type JsonObject } from './json';

const LINK: UrlSchemes = ['http', 'https'];
const MEDIA: UrlSchemes = ['http', 'https', 'attachment'];

/** A validated embed as Discord echoes it back, plus its share of the 6000-character total. */
export interface CheckedEmbed {
  readonly embed: JsonObject;
  /** Code points of title, description, field names/values, footer text and author name (trimmed). */
  readonly textLength: number;
}

/**
 * Validates one embed and normalises it to the response shape: `type` is always `rich`, `video`, `provider` and
 * image `height`/`width`/`proxy_url` are dropped because webhooks cannot set them, fields get an explicit `inline`.
 * @see https://discord.com/developers/docs/resources/message#embed-object
 */
export function checkEmbed(checks: FieldChecks, path: FormPath, raw: unknown): CheckedEmbed | undefined {
  const input = checks.dict(path, raw);
  if (!input) return undefined;
  let textLength = 0;
  const text = (key: string, value: unknown, rule: Parameters<FieldChecks['string']>[2], at = [...path, key]) => {
    if (typeof value === 'string') textLength += codePointLength(value);
    return checks.string(at, value, rule);
  };

  const embed: JsonObject = {
    type: 'rich',
    title: text('title', input.title, { max: LIMITS.embedTitle }),
    description: text('description', input.description, { max: LIMITS.embedDescription }),
    url: checks.url([...path, 'url'], input.url, LINK),
    timestamp: checks.timestamp([...path, 'timestamp'], input.timestamp),
    color: checks.integer([...path, 'color'], input.color, 0, LIMITS.colorMax),
  };

  const footer = checks.dict([...path, 'footer'], input.footer);
  if (footer) {
    embed.footer = {
      text: text('text', footer.text, { max: LIMITS.footerText, required: true }, [...path, 'footer', 'text']),
      icon_url: checks.url([...path, 'footer', 'icon_url'], footer.icon_url, MEDIA),
    };
  }
  for (const key of ['image', 'thumbnail'] as const) {
    const media = checks.dict([...path, key], input[key]);
    if (media) embed[key] = { url: checks.url([...path, key, 'url'], media.url, MEDIA, true) };
  }
  const author = checks.dict([...path, 'author'], input.author);
  if (author) {
    embed.author = {
      name: text('name', author.name, { max: LIMITS.authorName, required: true }, [...path, 'author', 'name']),
      url: checks.url([...path, 'author', 'url'], author.url, LINK),
      icon_url: checks.url([...path, 'author', 'icon_url'], author.icon_url, MEDIA),
    };
  }
  const fields = checks.list([...path, 'fields'], input.fields, LIMITS.embedFields);
  if (fields) {
    embed.fields = fields.map((rawField, index) => {
      const at = [...path, 'fields', index];
      const field = checks.dict(at, rawField);
      if (!field) return {};
      return {
        name: text('name', field.name, { max: LIMITS.fieldName, required: true }, [...at, 'name']),
        value: text('value', field.value, { max: LIMITS.fieldValue, required: true }, [...at, 'value']),
        inline: checks.boolean([...at, 'inline'], field.inline) ?? false,
      };
    });
  }
  return { embed, textLength };
}

/**
 * Validates `embeds`: at most 10, each valid, and at most 6000 characters of text across all of them
 * (`errors.embeds._errors` = MAX_EMBED_SIZE_EXCEEDED).
 */
export function checkEmbeds(checks: FieldChecks, raw: unknown): JsonObject[] | undefined {
  const list = checks.list(['embeds'], raw, LIMITS.embedsPerMessage);
  if (!list) return undefined;
  let total = 0;
  const embeds: JsonObject[] = [];
  list.forEach((item, index) => {
    const checked = checkEmbed(checks, ['embeds', index], item);
    if (!checked) return;
    total += checked.textLength;
    embeds.push(checked.embed);
  });
  if (total > LIMITS.embedTotal) {
    checks.errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${LIMITS.embedTotal}`);
  }
  return embeds;
}
