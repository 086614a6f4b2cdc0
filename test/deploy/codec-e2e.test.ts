/**
 * End to end on the test Temporal server: a worker and a client with the encryption data converter keep lead data
 * out of the workflow history, Discord still gets the plain message, and the codec server lets the real temporal
 * CLI show the decrypted history.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { loadConfig } from '../../src/config';
import { getDataConverter } from '../../src/codec/data-converter';
import { startCodecServer, type RunningCodecServer } from '../../src/codec/codec-server';
import { EncryptionCodec } from '../../src/codec/encryption-codec';
import { requireTemporalCli } from '../../src/dev/temporal-cli';
import { hotLeadAlert } from '../../src/workflows';
import { startTestDiscord, type TestDiscord } from '../helpers/emulator';
import { routedWebhooks } from '../helpers/channels';
import { testAddress, withWorker } from '../helpers/temporal';

const run = promisify(execFile);
const EMAIL = `lead${randomUUID().slice(0, 8)}@salon.example`;
const lead = { firstName: 'Min-Ji', lastName: 'Park', email: EMAIL, company: 'Salon Park' };
const codecEnv = { TEMPORAL_CODEC_KEY: randomBytes(32).toString('base64'), TEMPORAL_CODEC_KEY_ID: 'e2e-2026' };
const config = loadConfig({ TEMPORAL_ADDRESS: 'localhost:7233', ...codecEnv });
const dataConverter = getDataConverter(config)!;
/** Every worker of the process needs the converter: the main one and the per-webhook delivery workers. */
const codecWorker = { workerOptions: { dataConverter }, deliveryWorkerOptions: { dataConverter } };

let discord: TestDiscord;
let client: Client;
let plainClient: Client;
let codecServer: RunningCodecServer;
beforeAll(async () => {
  discord = await startTestDiscord();
  const connection = await Connection.connect({ address: testAddress() });
  client = new Client({ connection, dataConverter });
  plainClient = new Client({ connection });
  codecServer = await startCodecServer({
    codec: new EncryptionCodec(config.codec.encryption!),
    corsOrigins: ['http://localhost:8080'],
    port: 0,
  });
});
afterAll(async () => {
  await codecServer.close();
  await discord.emulator.close();
  await client.connection.close();
});

/** Every payload anywhere in a history (inputs, results, activity arguments, ...). */
function payloadsIn(value: unknown, found: Payload[] = []): Payload[] {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return found;
  const record = value as Record<string, unknown>;
  const metadata = record.metadata as Record<string, unknown> | undefined;
  if (metadata && metadata.encoding instanceof Uint8Array) {
    found.push(record);
    return found;
  }
  for (const child of Object.values(record)) payloadsIn(child, found);
  return found;
}

/** Payloads of `temporal workflow show --output json` (proto3 JSON: base64 bytes), decoded to text. */
function jsonPayloads(
  value: unknown,
  found: { encoding: string; data: string }[] = [],
): { encoding: string; data: string }[] {
  if (value === null || typeof value !== 'object') return found;
  const record = value as Record<string, unknown>;
  const metadata = record.metadata as Record<string, string> | undefined;
  if (metadata && typeof metadata.encoding === 'string') {
    const decode = (base64: unknown) =>
      Buffer.from(typeof base64 === 'string' ? base64 : '', 'base64').toString('utf8');
    found.push({ encoding: decode(metadata.encoding), data: decode(record.data) });
    return found;
  }
  for (const child of Object.values(record)) jsonPayloads(child, found);
  return found;
}

const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');

test('a workflow started with the codec keeps lead data out of its history (every payload it wrote is encrypted); Discord gets the plain alert', async () => {
  const routes = routedWebhooks(discord);
  const workflowId = `codec-e2e-${randomUUID()}`;
  const result = await withWorker({ env: { ...routes.env, ...codecEnv }, ...codecWorker }, ({ taskQueue }) =>
    client.workflow.execute(hotLeadAlert, { taskQueue, workflowId, args: [{ lead, score: 91 }] }),
  );
  expect(result.status).toBe('sent');
  // The worker decrypted the input: the alert in Discord names the lead.
  const [post] = discord.posts(routes.webhooks.alerts);
  expect(JSON.stringify(post!.body)).toContain(EMAIL);

  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
  const [input] = started.input!.payloads!;
  expect(text(input!.metadata!.encoding)).toBe('binary/encrypted');
  expect(text(input!.metadata!['encryption-key-id'])).toBe('e2e-2026');
  const payloads = payloadsIn(history);
  // Input, settings and delivery activity arguments and results, the workflow result: all encrypted.
  expect(payloads.length).toBeGreaterThanOrEqual(4);
  // Local activities (loadSettings, resolveRoute) leave a marker whose `data` detail is the SDK's own bookkeeping
  // (sequence number, activity id and type, times), written by the SDK core as json/plain without user data.
  const bookkeeping = new Set<Payload>();
  for (const event of history.events!) {
    const details = event.markerRecordedEventAttributes?.details;
    if (!details) continue;
    for (const payload of details.data?.payloads ?? []) {
      expect(Object.keys(JSON.parse(text(payload.data)) as object)).toEqual(
        expect.arrayContaining(['seq', 'activity_type']),
      );
      bookkeeping.add(payload);
    }
    for (const payload of details.result?.payloads ?? [])
      expect(text(payload.metadata!.encoding)).toBe('binary/encrypted');
  }
  for (const payload of payloads) {
    expect(text(payload.data)).not.toContain(EMAIL);
    if (!bookkeeping.has(payload)) expect(text(payload.metadata!.encoding)).toBe('binary/encrypted');
  }
  expect(Buffer.from(JSON.stringify(history)).includes(EMAIL)).toBe(false);
  // A client without the key sees ciphertext; with it, the original input.
  const [decoded] = await dataConverter.payloadCodecs![0]!.decode([input!]);
  expect(JSON.parse(text(decoded!.data))).toEqual({ lead, score: 91 });
  await expect(plainClient.workflow.getHandle(workflowId).result()).rejects.toThrow(/binary\/encrypted/);
}, 120_000);

test('the temporal CLI shows the decrypted history through the codec server; plain CLI input still works', async () => {
  const cli = requireTemporalCli();
  const routes = routedWebhooks(discord);
  const workflowId = `codec-cli-${randomUUID()}`;
  await withWorker({ env: { ...routes.env, ...codecEnv }, ...codecWorker }, async ({ taskQueue }) => {
    // Started by the CLI without any codec: a plain json/plain input, passed through by the worker's codec.
    const input = JSON.stringify({ lead, score: 95 });
    const common = ['--address', testAddress(), '--namespace', 'default'];
    await run(cli, [
      'workflow',
      'start',
      ...common,
      '--type',
      'hotLeadAlert',
      '--task-queue',
      taskQueue,
      '--workflow-id',
      workflowId,
      '--input',
      input,
    ]);
    // The result comes back encrypted by the worker; the codec client decrypts it.
    const result = (await client.workflow.getHandle(workflowId).result()) as { status: string };
    expect(result.status).toBe('sent');

    const show = async (extra: string[]) =>
      jsonPayloads(
        JSON.parse(
          (await run(cli, ['workflow', 'show', ...common, '--workflow-id', workflowId, '--output', 'json', ...extra]))
            .stdout,
        ),
      );
    const stored = await show([]);
    expect(stored.length).toBeGreaterThanOrEqual(4);
    // The plain CLI input stayed plain (the first payload); everything the worker wrote is encrypted (apart from
    // the local-activity markers' json/plain bookkeeping, see the test above).
    expect(stored[0]).toMatchObject({ encoding: 'json/plain', data: expect.stringContaining(EMAIL) });
    const written = stored.slice(1).filter(({ data }) => !data.includes('"activity_type"'));
    expect(written.length).toBeGreaterThanOrEqual(3);
    expect(written.every(({ encoding }) => encoding === 'binary/encrypted')).toBe(true);
    expect(stored.slice(1).some(({ data }) => data.includes(EMAIL))).toBe(false);
    const decoded = await show(['--codec-endpoint', codecServer.url]);
    expect(decoded.map(({ encoding }) => encoding)).not.toContain('binary/encrypted');
    expect(decoded.filter(({ data }) => data.includes(EMAIL)).length).toBeGreaterThan(1);
    expect(decoded.at(-1)!.data).toContain('"status":"sent"');
  });
}, 120_000);
