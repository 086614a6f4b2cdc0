/**
 * Senders that run in child processes (@discordjs/rest, the seed-style POST): a share of the burst each, started
 * together by a "go" line so that process start-up does not stagger them. Results come back as one JSON line.
 */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { spawnNode } from '../processes';

/** What a child is told: where to post and which sequence numbers are its share. */
export interface ChildSenderConfig {
  /** The webhook URL (`http://127.0.0.1:PORT/api/v10/webhooks/<id>/<token>`). */
  url: string;
  apiBase: string;
  id: string;
  token: string;
  tag: string;
  seqs: number[];
}

/** A child's outcome. */
export interface ChildSenderResult {
  ok: number;
  failed: number;
  /** Up to five distinct error messages. */
  errors: string[];
}

/** Child side: reads its config, says ready, waits for "go", sends, prints the result and exits. */
export function childMain(send: (config: ChildSenderConfig) => Promise<ChildSenderResult>): void {
  const config = JSON.parse(process.env.BENCH_SENDER ?? '{}') as ChildSenderConfig;
  const lines = createInterface({ input: process.stdin });
  lines.once('line', () => {
    send(config)
      .then((result) => {
        process.stdout.write(`${JSON.stringify({ done: true, ...result })}\n`);
        process.exit(0);
      })
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  });
  process.stdout.write('ready\n');
}

/** Parent side: splits 1..n over `processes` children of `script`, starts them together, waits for every result. */
export async function runChildSenders(
  script: string,
  base: Omit<ChildSenderConfig, 'seqs'>,
  n: number,
  processes: number,
  logDir: string,
  timeoutMs: number,
): Promise<{ startedAt: number; finishedAt: number; results: ChildSenderResult[] }> {
  const shares = Array.from({ length: processes }, (_, index) =>
    Array.from({ length: n }, (_, i) => i + 1).filter((seq) => (seq - 1) % processes === index),
  );
  const children = shares.map((seqs, index) =>
    spawnNode(
      `${base.tag}-${index + 1}`,
      join(__dirname, script),
      { BENCH_SENDER: JSON.stringify({ ...base, seqs }) },
      join(logDir, `${base.tag}-${index + 1}.log`),
    ),
  );
  try {
    await Promise.all(children.map((child) => child.waitForLine(/^ready$/, 60_000)));
    const startedAt = Date.now();
    for (const child of children) child.send('go');
    const lines = await Promise.all(children.map((child) => child.waitForLine(/"done":true/, timeoutMs)));
    const results = lines.map((line) => JSON.parse(line) as ChildSenderResult);
    return { startedAt, finishedAt: Date.now(), results };
  } finally {
    await Promise.all(children.map((child) => child.stop(5_000)));
  }
}
