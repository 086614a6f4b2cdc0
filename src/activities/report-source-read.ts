// Reads one report source (a JSON file, or an http(s) URL asked for one date) and classifies what goes wrong:
// trouble that may pass (unreachable, timed out, 5xx, 429) is retried by Temporal; a source that answers wrongly
// (4xx, not JSON, too large, missing file) fails at once as InvalidReportSource. Messages name the variable and show
// URLs without query or credentials; the auth header is never in them.
import { readFile } from 'node:fs/promises';
import { ApplicationFailure } from '@temporalio/common';
import { isUrlSource, type ReportSourceConfig } from '../config-reports';
import { MAX_SOURCE_BYTES } from '../vocabulary';
import { FailureType } from './failures';

/** Retryable: the source may answer on a later attempt. */
export const SOURCE_UNREACHABLE = 'ReportSourceUnreachable';

/** A source as shown in errors and logs: URLs without query or credentials (they may carry API keys). */
export function describeSource(location: string): string {
  if (!isUrlSource(location)) return location;
  const url = new URL(location);
  return `${url.origin}${url.pathname}`;
}

/** A source that cannot give this report its data; retrying cannot help. */
export function invalidSource(source: ReportSourceConfig, problem: string): ApplicationFailure {
  const where = source.location === undefined ? '' : ` (${describeSource(source.location)})`;
  return ApplicationFailure.create({
    type: FailureType.InvalidSource,
    message: `${source.variable}${where}: ${problem}`,
    nonRetryable: true,
  });
}

function unreachable(source: ReportSourceConfig, problem: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: SOURCE_UNREACHABLE,
    message: `${source.variable} (${describeSource(source.location!)}): ${problem}`,
  });
}

/** Why fetch failed, in words: a timeout, a refused connection, a DNS failure... */
function networkProblem(error: unknown, timeoutMs: number): string {
  // A DOMException, which is not an Error in every realm: recognised by name.
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return `no answer within ${timeoutMs} ms (REPORT_SOURCE_TIMEOUT_MS)`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const codes: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host lookup failed',
  };
  return (
    (cause?.code && codes[cause.code]) ?? cause?.message ?? (error instanceof Error ? error.message : String(error))
  );
}

/** The body as text, refusing more than {@link MAX_SOURCE_BYTES}. */
async function boundedText(response: Response, source: ReportSourceConfig): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_SOURCE_BYTES) {
    await response.body?.cancel();
    throw invalidSource(source, `answered ${declared} bytes; report data is at most ${MAX_SOURCE_BYTES}`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += (chunk as Uint8Array).byteLength;
    if (size > MAX_SOURCE_BYTES) throw invalidSource(source, `answered more than ${MAX_SOURCE_BYTES} bytes`);
    chunks.push(chunk as Uint8Array);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function fetchText(
  source: ReportSourceConfig,
  date: string,
  timeoutMs: number,
  absentOn404: boolean,
): Promise<string | undefined> {
  const url = new URL(source.location!);
  url.searchParams.set('date', date);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (source.auth) headers[source.auth.header] = source.auth.value;
  let response: Response;
  let text: string;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    response = await fetch(url, { signal, headers, redirect: 'follow' });
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      await response.body?.cancel();
      throw unreachable(source, `answered ${response.status} ${response.statusText}`.trim());
    }
    text = await boundedText(response, source);
  } catch (error) {
    if (error instanceof ApplicationFailure) throw error;
    throw unreachable(source, networkProblem(error, timeoutMs));
  }
  if (response.status === 401 || response.status === 403) {
    throw invalidSource(source, `answered ${response.status} ${response.statusText}: check ${source.variable}_AUTH`);
  }
  if (response.status === 404 && absentOn404) return undefined;
  if (!response.ok) throw invalidSource(source, `answered ${response.status} ${response.statusText} for date=${date}`);
  return text;
}

async function fileText(source: ReportSourceConfig): Promise<string> {
  try {
    return await readFile(source.location!, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw invalidSource(source, code === 'ENOENT' ? 'file not found' : `cannot read the file (${code})`);
  }
}

/**
 * The parsed JSON of a configured source; a URL is asked for `date` (`?date=YYYY-MM-DD`). With `absentOn404`, a URL
 * that answers 404 gives `undefined` (no data for that date: the weekly report names the day) instead of failing.
 * @throws ApplicationFailure `InvalidReportSource` (non-retryable) or `ReportSourceUnreachable` (retryable)
 */
export async function readSource(
  source: ReportSourceConfig,
  date: string,
  timeoutMs: number,
  options: { absentOn404?: boolean } = {},
): Promise<unknown> {
  const fromUrl = isUrlSource(source.location!);
  const text = fromUrl
    ? await fetchText(source, date, timeoutMs, options.absentOn404 ?? false)
    : await fileText(source);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidSource(
      source,
      `${fromUrl ? 'answered' : 'holds'} something that is not JSON (${(error as Error).message})`,
    );
  }
}
