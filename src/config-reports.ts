// The report data sources of the configuration (METRICS_SOURCE, AUDIENCES_SOURCE and their options), and what
// counts as the local demo, where reports without a source use sample data. Pure: no environment access.
import { resolve } from 'node:path';
import { DISCORD_API_HOSTS, type WebhookTarget } from './discord/webhook-url';

/** The two report sources, by the variable that configures each. */
export type ReportSourceVariable = 'METRICS_SOURCE' | 'AUDIENCES_SOURCE';

/** One report source as configured. */
export interface ReportSourceConfig {
  /** The variable that sets it, named in every message about it. */
  readonly variable: ReportSourceVariable;
  /** An absolute file path or an http(s) URL; undefined when the variable is unset. */
  readonly location: string | undefined;
  /** `<VARIABLE>_UNDATED=true`: a file holding one undated object is used for every date (off by default). */
  readonly undated: boolean;
  /** `<VARIABLE>_AUTH`: one header sent to an http(s) source; its value is a secret, never printed. */
  readonly auth: { readonly header: string; readonly value: string } | undefined;
}

const HEADER_FORM = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+):\s*(\S.*)$/;

/**
 * `Bearer abc` is the `Authorization` value; `X-Api-Key: abc` names another header. Problems never quote the value.
 */
function parseAuth(variable: string, value: string, problems: string[]): ReportSourceConfig['auth'] {
  if (/[\r\n]/.test(value)) {
    problems.push(`${variable}: must be one line (a header value, or "Header-Name: value")`);
    return undefined;
  }
  const named = HEADER_FORM.exec(value);
  return named ? { header: named[1]!.toLowerCase(), value: named[2]!.trim() } : { header: 'authorization', value };
}

/** True for an http(s) URL source; anything else is a file path. */
export const isUrlSource = (location: string): boolean => /^https?:\/\//i.test(location);

/**
 * Builds one report source from its variables: `<VARIABLE>`, `<VARIABLE>_UNDATED`, `<VARIABLE>_AUTH`.
 * Relative file paths are resolved against the working directory.
 */
export function reportSourceConfig(
  variable: ReportSourceVariable,
  values: { location?: string | undefined; undated?: string | undefined; auth?: string | undefined },
  problems: string[],
): ReportSourceConfig {
  let location = values.location;
  if (location !== undefined) {
    if (isUrlSource(location)) {
      try {
        new URL(location);
      } catch {
        problems.push(`${variable}: not a valid http(s) URL`);
      }
    } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
      problems.push(`${variable}: must be a JSON file path or an http(s) URL`);
    } else location = resolve(location);
  }
  const auth = values.auth === undefined ? undefined : parseAuth(`${variable}_AUTH`, values.auth, problems);
  if (auth && (location === undefined || !isUrlSource(location))) {
    problems.push(`${variable}_AUTH: is only sent to an http(s) ${variable}; ${variable} is not one`);
  }
  return { variable, location, undated: values.undated === 'true' || values.undated === '1', auth };
}

/** True when a webhook posts to Discord itself (not to the emulator or another DISCORD_ALLOWED_HOSTS host). */
export function isDiscordTarget(target: WebhookTarget): boolean {
  return (DISCORD_API_HOSTS as readonly string[]).includes(new URL(target.apiBase).hostname);
}

/**
 * The local demo: at least one webhook, and every webhook on a DISCORD_ALLOWED_HOSTS host (the emulator `npm start`
 * runs) instead of Discord. Only there do reports without a source use sample data, labelled as such; one webhook
 * that points at Discord makes the whole worker live.
 */
export function isLocalDemo(targets: readonly WebhookTarget[]): boolean {
  return targets.length > 0 && !targets.some(isDiscordTarget);
}
