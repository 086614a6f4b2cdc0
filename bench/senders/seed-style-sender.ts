/**
 * Child entry: the seed guide's pattern. One plain POST per notification (httpx.post + raise_for_status, 5 s
 * timeout) inside a task with `retries=3, retry_delay_seconds=10`: any error, a 429 included, is retried after a
 * fixed 10 s whatever Retry-After says. Every task of the share is submitted at once, like Prefect tasks.
 */
import { request } from 'undici';
import { burstEmbed } from './burst-notification';
import { childMain, type ChildSenderResult } from './child-sender';

const RETRIES = 3;
const RETRY_DELAY_MS = 10_000;
const TIMEOUT_MS = 5_000;

async function postOnce(url: string, payload: object): Promise<void> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'python-httpx/0.27.2' },
    body: JSON.stringify(payload),
    headersTimeout: TIMEOUT_MS,
    bodyTimeout: TIMEOUT_MS,
  });
  await response.body.text();
  if (response.statusCode >= 400) throw new Error(`HTTP ${response.statusCode}`);
}

async function task(url: string, payload: object, errors: Set<string>): Promise<boolean> {
  for (let attempt = 0; attempt <= RETRIES; attempt++) {
    try {
      await postOnce(url, payload);
      return true;
    } catch (error) {
      errors.add(error instanceof Error ? error.message : String(error));
      if (attempt < RETRIES) await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    }
  }
  return false;
}

childMain(async (config): Promise<ChildSenderResult> => {
  const errors = new Set<string>();
  const results = await Promise.all(
    config.seqs.map((seq) => task(config.url, { embeds: [burstEmbed(config.tag, seq)] }, errors)),
  );
  const ok = results.filter(Boolean).length;
  return { ok, failed: results.length - ok, errors: [...errors].slice(0, 5) };
});
