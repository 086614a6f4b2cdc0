/**
 * The machine's ceiling for the throughput scenario: plain undici POSTs (`?wait=true`, the body our deliveries
 * send) against the same emulator, `concurrency` at a time, with no Temporal in between.
 */
import { request } from 'undici';
import { percentile } from '../report';

export interface PostLoopResult {
  requests: number;
  errors: number;
  durationMs: number;
  perSecond: number;
  p50Ms: number | undefined;
  p99Ms: number | undefined;
}

/** Sends `total` POSTs round-robin over `urls`; a bounded loop against 127.0.0.1 only. */
export async function postLoop(urls: readonly string[], total: number, concurrency: number): Promise<PostLoopResult> {
  if (urls.some((url) => !url.startsWith('http://127.0.0.1:')))
    throw new Error('the ceiling loop only posts to 127.0.0.1');
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const startedAt = performance.now();
  const lanes = Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const seq = ++next;
      const began = performance.now();
      try {
        const response = await request(`${urls[seq % urls.length]}?wait=true`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'bench-ceiling (undici)' },
          body: JSON.stringify({ content: `Ceiling #${seq}`, allowed_mentions: { parse: [] } }),
        });
        await response.body.text();
        if (response.statusCode !== 200) errors += 1;
        else latencies.push(performance.now() - began);
      } catch {
        errors += 1;
      }
    }
  });
  await Promise.all(lanes);
  const durationMs = performance.now() - startedAt;
  return {
    requests: total,
    errors,
    durationMs,
    perSecond: (latencies.length / durationMs) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}
