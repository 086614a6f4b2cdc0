import { startEmulator, type DiscordEmulator, type EmulatorWebhook } from '../../src/emulator';
import { type PreviewState } from '../../src/emulator/preview/view-model';

let discord: DiscordEmulator;
let webhook: EmulatorWebhook;

beforeEach(async () => {
  discord = await startEmulator({ port: 0 });
  webhook = discord.createWebhook({ name: 'Alerts' });
});
afterEach(() => discord.close());

const get = (path: string, init?: RequestInit) => fetch(`${discord.url}${path}`, init);
const send = (method: string, url: string, body?: unknown) =>
  fetch(url, {
    method,
    headers: { 'user-agent': 'preview-test', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const state = async () => (await (await get('/_preview/api/state')).json()) as PreviewState;

test('GET / is the preview page: an import map under a per-response CSP nonce and the app module', async () => {
  const response = await get('/');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const csp = response.headers.get('content-security-policy')!;
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
  expect(csp).toContain("script-src 'self' 'nonce-");
  expect(csp).toContain("object-src 'none'");
  const html = await response.text();
  expect(html).toContain(`<script type="importmap" nonce="${nonce}">`);
  expect(html).toContain('<script type="module" src="/_preview/app/app.js"></script>');
  const second = await get('/');
  expect(second.headers.get('content-security-policy')).not.toBe(csp);
});

test('every import map entry is served as JavaScript from node_modules', async () => {
  const html = await (await get('/')).text();
  const map = JSON.parse(/<script type="importmap"[^>]*>(.*?)<\/script>/s.exec(html)![1]!) as {
    imports: Record<string, string>;
  };
  expect(Object.keys(map.imports).sort()).toEqual(
    ['@lit/context', '@lit/reactive-element', '@skyra/discord-components-core', 'lit', 'lit-element', 'lit-html']
      .flatMap((name) => [name, `${name}/`])
      .sort(),
  );
  for (const [specifier, path] of Object.entries(map.imports)) {
    if (specifier.endsWith('/')) continue;
    const response = await get(path);
    expect([specifier, response.status, response.headers.get('content-type')]).toEqual([
      specifier,
      200,
      'text/javascript; charset=utf-8',
    ]);
  }
  expect((await get('/_preview/modules/lit/decorators.js')).status).toBe(200);
});

test.each([
  '/_preview/modules/lit/%2e%2e/%2e%2e/package.json',
  '/_preview/modules/lit/%2e%2e/undici/index.js',
  '/_preview/modules/lit/package.json',
  '/_preview/modules/undici/index.js',
  '/_preview/modules/lit/%E0%A4%A',
  '/_preview/app/routes.ts',
  '/_preview/app/%2e%2e/routes.ts',
  '/_preview/nothing',
])('%s is not served (404)', async (path) => {
  const response = await get(path);
  expect(response.status).toBe(404);
  expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
});

test('the app, its styles and the default avatar are served locally', async () => {
  const app = await get('/_preview/app/app.js');
  expect([app.status, app.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
  const css = await get('/_preview/app/preview.css');
  expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
  const avatar = await get('/_preview/default-avatar.svg');
  expect([avatar.status, avatar.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
  expect(await avatar.text()).toMatch(/^<svg /);
});

test('the app loads exactly the components the page draws, and each one is served', async () => {
  const app = await (await get('/_preview/app/app.js')).text();
  const list = /const COMPONENTS = \(\s*((?:'[^']*'\s*\+?\s*)+)\)\.split\(' '\);/.exec(app)![1]!;
  const components = [...list.matchAll(/'([^']*)'/g)].flatMap((match) => match[1]!.trim().split(' '));
  const page = (await (await get('/')).text()) + (await (await get('/_preview/app/render.js')).text());
  const drawn = new Set([...page.matchAll(/['<](discord-[a-z-]+)['\s>]/g)].map((match) => match[1]!));
  expect(drawn.size).toBeGreaterThan(10);
  expect(components.map((name) => `discord-${name}`).sort()).toEqual([...drawn].sort());
  for (const name of components) {
    const className = `Discord${name.replace(/(?:^|-)([a-z])/g, (_, letter: string) => letter.toUpperCase())}`;
    const path = `dist/components/discord-${name}/${className}.js`;
    const module = await get(`/_preview/modules/@skyra/discord-components-core/${path}`);
    expect([path, module.status, module.headers.get('content-type')]).toEqual([
      path,
      200,
      'text/javascript; charset=utf-8',
    ]);
  }
});

test('preview routes answer 405 to anything but GET and HEAD; HEAD has no body', async () => {
  const post = await get('/', { method: 'POST', body: '{}' });
  expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  const head = await get('/_preview/app/app.js', { method: 'HEAD' });
  expect(head.status).toBe(200);
  expect(Number(head.headers.get('content-length'))).toBeGreaterThan(100);
  expect(await head.text()).toBe('');
});

test('the state lists webhooks with counts and messages newest first, rendered, with their requests', async () => {
  const first = (await (
    await send('POST', `${webhook.url}?wait=true`, {
      content: '**first** <@&123456789012345678>',
      username: 'Lead Bot',
      avatar_url: 'https://example.invalid/lead.png',
      embeds: [
        { title: 'Min\\-Ji', url: 'https://notion.so/a1', color: 0xff0000, description: '[x](javascript:alert(1))' },
      ],
    })
  ).json()) as { id: string };
  expect((await send('POST', webhook.url, { content: 'second, no wait' })).status).toBe(204);
  const edit = { content: 'first, edited' };
  expect((await send('PATCH', `${webhook.url}/messages/${first.id}`, edit)).status).toBe(200);
  const { webhooks, messages } = await state();
  expect(webhooks).toEqual([
    { id: webhook.id, name: 'Alerts', channelId: webhook.channelId, deleted: false, messageCount: 2 },
  ]);
  expect(messages.map((message) => message.content)).toEqual([
    [{ type: 'text', text: 'second, no wait' }],
    [{ type: 'text', text: 'first, edited' }],
  ]);
  const [second, edited] = messages;
  expect(second).toMatchObject({ username: 'Alerts', avatarUrl: null, edited: null, editCount: 0 });
  expect(second!.request).toEqual({ content: 'second, no wait' });
  expect(second!.lastEdit).toBeNull();
  expect(edited).toMatchObject({ id: first.id, username: 'Lead Bot', editCount: 1, deleted: false });
  expect(edited!.avatarUrl).toBe('https://example.invalid/lead.png');
  expect(edited!.edited!.text).toMatch(/^Today at \d{1,2}:\d{2} [AP]M$/);
  expect(edited!.request).toMatchObject({ content: '**first** <@&123456789012345678>', username: 'Lead Bot' });
  expect(edited!.lastEdit).toEqual(edit);
  expect(edited!.embeds).toEqual([
    expect.objectContaining({
      title: 'Min-Ji',
      url: 'https://notion.so/a1',
      color: '#ff0000',
      description: [{ type: 'text', text: 'x' }],
    }),
  ]);
  expect(edited!.raw).toMatchObject({ id: first.id, content: 'first, edited', webhook_id: webhook.id });
});

test('a deleted message stays listed, flagged deleted, with a new version', async () => {
  const { id } = (await (await send('POST', `${webhook.url}?wait=true`, { content: 'bye' })).json()) as { id: string };
  const before = (await state()).messages[0]!;
  expect((await send('DELETE', `${webhook.url}/messages/${id}`)).status).toBe(204);
  const after = (await state()).messages[0]!;
  expect([before.deleted, after.deleted]).toEqual([false, true]);
  expect(after.version).not.toBe(before.version);
});

test("the preview leaves Discord's routes and the control API as they were", async () => {
  expect((await send('POST', webhook.url, { content: 'x' })).status).toBe(204);
  expect(await (await get('/_emulator/health')).json()).toMatchObject({ ok: true, messages: 1 });
  const unknown = await get('/api/v10/nothing');
  expect(unknown.status).toBe(404);
  expect(await unknown.json()).toEqual({ message: '404: Not Found', code: 0 });
});
