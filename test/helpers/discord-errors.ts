import { DiscordApiError, type FieldError } from '../../src/discord/errors';

/** The DiscordApiError the webhook client raises when Discord refuses a POST to a webhook. */
export function refusedPost(
  status: number,
  code: number | undefined,
  discordMessage: string,
  fieldErrors: FieldError[] = [],
): DiscordApiError {
  return new DiscordApiError({
    status,
    code,
    discordMessage,
    fieldErrors,
    method: 'POST',
    route: '/webhooks/:id/:token',
  });
}
