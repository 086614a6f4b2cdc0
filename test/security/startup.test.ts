// A webhook URL outside Discord's hosts (and DISCORD_ALLOWED_HOSTS) stops the compiled worker at start-up: exit code 2,
// the variable named, the token never printed. Nothing is sent anywhere.
import { createServer, type Server } from 'node:net';
import { compiledWorker, WorkerProcess } from '../helpers/worker-process';

const ID = '1300000000000000123';
const TOKEN = 'sEcReT-tOkEn_0123456789abcdefABCDEF.xyz-9876543210';

let workerPath: string;
/** A TCP listener that counts connections: a refused URL must never be contacted. */
let trap: Server;
let trapPort: number;
let trapConnections = 0;

beforeAll(async () => {
  workerPath = compiledWorker();
  trap = createServer((socket) => {
    trapConnections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  trapPort = (trap.address() as { port: number }).port;
}, 300_000);
afterAll(async () => {
  await new Promise((resolve) => trap.close(resolve));
});

test.each([
  {
    kind: 'a host that is not Discord',
    url: () => `https://discord.example.com/api/v10/webhooks/${ID}/${TOKEN}`,
    allowed: undefined,
    problem: () =>
      'Webhook URL host "discord.example.com" is not a Discord API host (discord.com, discordapp.com, ptb.discord.com, canary.discord.com) nor an allowed host',
  },
  {
    kind: 'plain http to discord.com',
    url: () => `http://discord.com/api/v10/webhooks/${ID}/${TOKEN}`,
    allowed: undefined,
    problem: () =>
      `Webhook URL http://discord.com/api/v10/webhooks/${ID}/*** must use https (https://discord.com/api[/vN]/webhooks/<id>/<token>)`,
  },
  {
    kind: 'a local server that is not in DISCORD_ALLOWED_HOSTS',
    url: () => `http://127.0.0.1:${trapPort}/api/v10/webhooks/${ID}/${TOKEN}`,
    allowed: '127.0.0.1:1',
    problem: () =>
      `Webhook URL host "127.0.0.1:${trapPort}" is not a Discord API host (discord.com, discordapp.com, ptb.discord.com, canary.discord.com) nor an allowed host`,
  },
])(
  '$kind in DISCORD_WEBHOOK_URL_ALERTS: exit code 2, the variable named, no token',
  async ({ url, allowed, problem }) => {
    const worker = new WorkerProcess(
      {
        // An address nothing listens on: the worker must stop on its configuration before it tries to connect.
        TEMPORAL_ADDRESS: '127.0.0.1:1',
        TEMPORAL_TASK_QUEUE: 'refused-at-start-up',
        DISCORD_WEBHOOK_URL_ALERTS: url(),
        ...(allowed && { DISCORD_ALLOWED_HOSTS: allowed }),
      },
      workerPath,
    );
    const code = await worker.exited;
    expect(code).toBe(2);
    expect(worker.stdout).toBe('');
    expect(worker.stderr).toBe(`Invalid configuration:\n  - DISCORD_WEBHOOK_URL_ALERTS: ${problem()}\n`);
    expect(worker.output).not.toContain(TOKEN);
    expect(trapConnections).toBe(0);
  },
);
