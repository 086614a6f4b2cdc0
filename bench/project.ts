/**
 * The benchmarks drive the compiled project in lib/ (built by `npm run build` first), the same code that
 * `node lib/worker.js` runs in production. Modules that locate files relative to their own folder (the temporal CLI,
 * package.json, sample data) only work from there, so they are loaded from lib/ at run time; their types come from
 * src/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as ActivitiesModule from '../src/activities';
import type * as ConfigModule from '../src/config';
import type * as DevServerModule from '../src/dev/dev-server';
import type * as TemporalCliModule from '../src/dev/temporal-cli';
import type * as EmulatorModule from '../src/emulator';
import type * as WebhookUrlModule from '../src/discord/webhook-url';
import type * as WorkerModule from '../src/worker';

const PACKAGE_NAME = 'temporal-discord-notifications';

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === PACKAGE_NAME)
      return dir;
    if (dirname(dir) === dir) throw new Error(`package.json of ${PACKAGE_NAME} not found above ${start}`);
  }
}

/** The repository root (works from bench/ under Jest and from lib-bench/bench/ when compiled). */
export const PROJECT_ROOT = findProjectRoot(__dirname);
/** The project's compiled output. */
export const LIB_DIR = join(PROJECT_ROOT, 'lib');
/** Where run artefacts (logs, the JSON results) go; git-ignored. */
export const REPORTS_DIR = join(PROJECT_ROOT, 'reports');

async function fromLib<T>(path: string): Promise<T> {
  const file = join(LIB_DIR, `${path}.js`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm run bench does)`);
  return (await import(file)) as T;
}

export const loadDevServer = () => fromLib<typeof DevServerModule>('dev/dev-server');
export const loadTemporalCli = () => fromLib<typeof TemporalCliModule>('dev/temporal-cli');
export const loadEmulator = () => fromLib<typeof EmulatorModule>('emulator/index');
export const loadWorker = () => fromLib<typeof WorkerModule>('worker');
export const loadConfig = () => fromLib<typeof ConfigModule>('config');
export const loadActivities = () => fromLib<typeof ActivitiesModule>('activities/index');
export const loadWebhookUrl = () => fromLib<typeof WebhookUrlModule>('discord/webhook-url');

/**
 * The workflow id of the outbox that a worker on `taskQueue` uses for the webhook at `url`
 * (`discord-outbox-<task queue>-<webhook key>`; the key is the webhook's id and a digest, never its token).
 */
export async function outboxIdOf(taskQueue: string, url: string): Promise<string> {
  const [{ outboxWorkflowId, webhookKey }, { parseWebhookUrl }] = await Promise.all([
    loadActivities(),
    loadWebhookUrl(),
  ]);
  return outboxWorkflowId(taskQueue, webhookKey(parseWebhookUrl(url, { allowedHosts: [new URL(url).host] })));
}
