import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { DEFAULT_WEBHOOK_ID, DEFAULT_WEBHOOK_TOKEN } from '../../src/emulator';
import { runEmulatorMain } from '../../src/emulator/main';
import { compiledPackage } from '../helpers/compiled-package';
import { send } from './helpers';

/** Collects what runEmulatorMain writes. */
function sink() {
  const chunks: string[] = [];
  return { write: (text: string) => chunks.push(text), text: () => chunks.join('') };
}

/** Occupies a port on 127.0.0.1 so the emulator cannot take it. */
async function occupyPort(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const portOf = (server: Server) => (server.address() as { port: number }).port;

describe('runEmulatorMain', () => {
  test('starts the default webhook and prints the URL, a paste-ready env line, the preview and the control API', async () => {
    const out = sink();
    const result = await runEmulatorMain({ EMULATOR_PORT: '0', EMULATOR_HOST: '' }, out);
    expect(result.exitCode).toBe(0);
    const emulator = result.emulator!;
    try {
      const host = `127.0.0.1:${emulator.port}`;
      const url = `http://${host}/api/v10/webhooks/${DEFAULT_WEBHOOK_ID}/${DEFAULT_WEBHOOK_TOKEN}`;
      const lines = out.text().split('\n');
      expect(lines).toContain(`Webhook URL  ${url}`);
      expect(lines).toContain(`DISCORD_WEBHOOK_URL=${url} DISCORD_ALLOWED_HOSTS=${host}`);
      expect(lines).toContain(`Preview      http://${host}/`);
      expect(lines.some((line) => line.startsWith(`Control API  http://${host}/_emulator/`))).toBe(true);
      // Discord's hidden channel limit is on by default, as on Discord.
      expect(lines).toContain(
        'Rate limits  5 per 2000 ms per webhook, 50 per 1000 ms global per IP, 30 per 60000 ms per channel (hidden)',
      );
      expect((await send(url, { json: { content: 'from main' } })).status).toBe(204);
    } finally {
      await emulator.close();
    }
  });

  test('EMULATOR_WEBHOOK_ID/TOKEN and EMULATOR_CHANNEL_LIMIT=0 are honoured', async () => {
    const out = sink();
    const result = await runEmulatorMain(
      {
        EMULATOR_PORT: '0',
        EMULATOR_WEBHOOK_ID: '1800000000000000001',
        EMULATOR_WEBHOOK_TOKEN: 'custom-token',
        EMULATOR_CHANNEL_LIMIT: '0',
      },
      out,
    );
    const emulator = result.emulator!;
    try {
      expect(emulator.webhooks().map((w) => [w.id, w.token])).toEqual([['1800000000000000001', 'custom-token']]);
      expect(emulator.rateLimits().channelRateLimit).toBeNull();
      expect(out.text()).toContain('hidden channel limit off (unset EMULATOR_CHANNEL_LIMIT to turn it on)');
    } finally {
      await emulator.close();
    }
  });

  test.each([
    [{ EMULATOR_PORT: 'abc' }, 'EMULATOR_PORT: must be a port number 0-65535'],
    [{ EMULATOR_PORT: '70000' }, 'EMULATOR_PORT: must be a port number 0-65535'],
    [{ EMULATOR_WEBHOOK_ID: '12ab' }, 'EMULATOR_WEBHOOK_ID: must be a snowflake'],
    [{ EMULATOR_WEBHOOK_TOKEN: 'has spaces' }, 'EMULATOR_WEBHOOK_TOKEN: must be 1-512 characters'],
    [{ EMULATOR_CHANNEL_LIMIT: 'yes' }, 'EMULATOR_CHANNEL_LIMIT: must be 1 (on) or 0 (off)'],
    [{ EMULATOR_HOST: 'local host' }, 'EMULATOR_HOST: must be a host name or IP address'],
  ])('rejects %j with exit code 2 and a message naming the variable', async (env, message) => {
    const out = sink();
    const err = sink();
    const result = await runEmulatorMain(env, out, err);
    expect(result).toEqual({ exitCode: 2 });
    expect(err.text()).toContain(message);
    expect(err.text().startsWith('invalid environment: ')).toBe(true);
    expect(out.text()).toBe('');
  });

  test('a port in use prints one line and exits 1', async () => {
    const blocker = await occupyPort();
    try {
      const err = sink();
      const result = await runEmulatorMain({ EMULATOR_PORT: String(portOf(blocker)) }, sink(), err);
      expect(result).toEqual({ exitCode: 1 });
      expect(err.text()).toBe(`port ${portOf(blocker)} is in use; set EMULATOR_PORT\n`);
    } finally {
      blocker.close();
    }
  });
});

describe('compiled entry point (lib/emulator/main.js of the built package, run with node)', () => {
  let mainJs: string;
  const env = (extra: Record<string, string>) => ({ ...process.env, ...extra });

  beforeAll(() => {
    mainJs = join(compiledPackage(), 'emulator', 'main.js');
  }, 300_000);

  test('prints the banner, serves requests and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [mainJs], { env: env({ EMULATOR_PORT: '0' }) });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('Ctrl+C stops it.')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${stdout}`)));
    });
    const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    expect(base).toBeDefined();
    expect((await send(`${base}/_emulator/health`)).body).toMatchObject({ ok: true, webhooks: 1 });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  test('a port in use: one clear line on stderr, no stack trace, exit code 1', async () => {
    const blocker = await occupyPort();
    try {
      const child = spawn(process.execPath, [mainJs], { env: env({ EMULATOR_PORT: String(portOf(blocker)) }) });
      let stderr = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => (stderr += chunk));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(stderr).toBe(`port ${portOf(blocker)} is in use; set EMULATOR_PORT\n`);
    } finally {
      blocker.close();
    }
  });

  test('an invalid variable exits 2', async () => {
    const child = spawn(process.execPath, [mainJs], { env: env({ EMULATOR_PORT: 'eighty' }) });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('EMULATOR_PORT: must be a port number 0-65535');
  });
});
