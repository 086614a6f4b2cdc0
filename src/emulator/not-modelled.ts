/**
 * The one place that names what the emulator does not model: Discord features no client of this project sends (file
 * uploads and their form bodies, attachments, polls, components, forum tags). A request that uses one is refused
 * with 400/50035 and an `EMULATOR_NOT_MODELLED` error at the field, so no test can pass against behaviour the
 * emulator only pretends to have. The list is in README.md ("Not modelled").
 */
import { MESSAGE_FLAGS } from './constants';
import { formError, type DiscordHttpError, FormErrors } from './discord-errors';

/** The string code of every refusal; Discord's own codes never start with `EMULATOR_`. */
export const NOT_MODELLED = 'EMULATOR_NOT_MODELLED';

/** Body fields Discord accepts on Execute / Edit Webhook Message that the emulator refuses, and what they are. */
const FIELDS = {
  attachments: 'attachments (file uploads)',
  poll: 'polls',
  components: 'message components',
  applied_tags: 'forum tags',
} as const satisfies Record<string, string>;

/** Content types Discord accepts besides JSON; they exist for file uploads, which the emulator does not model. */
export const FORM_CONTENT_TYPES: readonly string[] = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * Adds a refusal for every not-modelled field `body` uses (`null` counts as absent). `components` only count with
 * `?with_components=true`: without it Discord ignores them on webhooks no application owns, and so does the emulator.
 */
export function refuseNotModelled(errors: FormErrors, body: Record<string, unknown>, withComponents: boolean): void {
  for (const [field, what] of Object.entries(FIELDS)) {
    if (body[field] == null || (field === 'components' && !withComponents)) continue;
    errors.add([field], NOT_MODELLED, `The emulator does not model ${what}; send JSON without "${field}".`);
  }
  if (typeof body.flags === 'number' && (body.flags & MESSAGE_FLAGS.IS_COMPONENTS_V2) !== 0) {
    errors.add(['flags'], NOT_MODELLED, 'The emulator does not model IS_COMPONENTS_V2 (components v2 messages).');
  }
}

/** 400/50035 for a form or multipart body: the emulator reads `application/json` only. */
export function formBodyNotModelled(mediaType: string): DiscordHttpError {
  const errors = new FormErrors();
  errors.add(
    [],
    NOT_MODELLED,
    `The emulator does not model ${mediaType} bodies (file uploads); send application/json.`,
  );
  return formError(errors);
}
