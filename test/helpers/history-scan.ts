// Reading workflow histories as text a human (or a leak scanner) can search: every payload decoded, not left as bytes.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { requireTemporalCli } from '../../scripts/temporal-cli';
import { testAddress } from './temporal';

const run = promisify(execFile);
type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
export const EventType = temporal.api.enums.v1.EventType;

/**
 * A real webhook URL path: `/webhooks/<snowflake>/<token>`, also percent-encoded. The redacted forms the project writes
 * (`/webhooks/:id/:token`, `/webhooks/<id>/***`) do not match.
 */
export const WEBHOOK_SECRET_PATTERN = /webhooks(?:\/|%2F)\d{17,20}(?:\/|%2F)[A-Za-z0-9._-]{8,}/gi;

/**
 * The value as JSON with every byte array decoded as UTF-8. `JSON.stringify` alone writes bytes as `{"0":123,...}`
 * (or Buffer's `{"type":"Buffer","data":[...]}`), so a scan of it could never find a token inside a payload.
 */
export function decodedText(value: unknown): string {
  const walk = (item: unknown): unknown => {
    if (item instanceof Uint8Array) return Buffer.from(item).toString('utf8');
    if (Array.isArray(item)) return item.map(walk);
    if (item === null || typeof item !== 'object') return typeof item === 'bigint' ? String(item) : item;
    const long = item as { toNumber?: () => number };
    if (typeof long.toNumber === 'function') return long.toNumber(); // protobuf Long
    return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, walk(inner)]));
  };
  return JSON.stringify(walk(value));
}

/** A run's history from the SDK, as decoded text. */
export async function historyText(client: Client, workflowId: string, runId?: string): Promise<string> {
  return decodedText(await client.workflow.getHandle(workflowId, runId).fetchHistory());
}

/** Every base64 string under a `metadata`/`data` payload of proto3 JSON, decoded, next to the raw text. */
function decodeJsonPayloads(value: unknown, found: string[] = []): string[] {
  if (value === null || typeof value !== 'object') return found;
  const record = value as Record<string, unknown>;
  const metadata = record.metadata as Record<string, unknown> | undefined;
  if (metadata && typeof metadata === 'object' && 'encoding' in metadata) {
    for (const encoded of [...Object.values(metadata), record.data]) {
      if (typeof encoded === 'string') found.push(Buffer.from(encoded, 'base64').toString('utf8'));
    }
    return found;
  }
  for (const child of Object.values(record)) decodeJsonPayloads(child, found);
  return found;
}

/**
 * `temporal workflow show -w <id> -o json` with the real CLI against the test server: the raw output plus every payload
 * in it decoded from base64, so a scan sees what a user of the CLI (and of the Web UI) could see.
 */
export async function cliHistoryText(workflowId: string, address = testAddress()): Promise<string> {
  const { stdout } = await run(
    requireTemporalCli(),
    ['workflow', 'show', '-w', workflowId, '-o', 'json', '--address', address, '--namespace', 'default'],
    { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
  );
  return [stdout, ...decodeJsonPayloads(JSON.parse(stdout))].join('\n');
}

/** The secrets (tokens, URLs) found in `text`, plus any `/webhooks/<id>/<token>` path; [] when clean. */
export function leakedSecrets(text: string, secrets: readonly string[]): string[] {
  const found = secrets.filter((secret) => secret !== '' && text.includes(secret));
  const paths = [...text.matchAll(WEBHOOK_SECRET_PATTERN)].map((match) => match[0]);
  return [...new Set([...found, ...paths])];
}

/** The events of a history of one type. */
export function eventsOf(history: History, type: temporal.api.enums.v1.EventType): HistoryEvent[] {
  return (history.events ?? []).filter((event) => event.eventType === type);
}

/** `ActivityTaskStarted` events of a history: which attempt finally ran and the failure of the one before it. */
export function activityStarts(
  history: History,
): { attempt: number; lastFailure: { type: string; message: string } | undefined }[] {
  return eventsOf(history, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED).map((event) => {
    const started = event.activityTaskStartedEventAttributes!;
    const failure = started.lastFailure;
    return {
      attempt: started.attempt ?? 0,
      lastFailure: failure
        ? { type: failure.applicationFailureInfo?.type ?? '', message: failure.message ?? '' }
        : undefined,
    };
  });
}
