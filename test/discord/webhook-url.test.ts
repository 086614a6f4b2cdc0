import { describeTarget, parseWebhookUrl, redactSecrets, WebhookUrlError } from '../../src/discord/webhook-url';

const ID = '1234567890123456789';
const TOKEN = 'kKDd-pj_0123456789abcdefABCDEF0123456789abcdefABCDEF0123456789abcdEF.x';

/** The error a URL produces; fails the test when it parses. */
function rejection(url: string, allowedHosts?: string[]): WebhookUrlError {
  try {
    parseWebhookUrl(url, { allowedHosts });
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookUrlError);
    return error as WebhookUrlError;
  }
  throw new Error(`expected ${url} to be rejected`);
}

describe('parseWebhookUrl accepts', () => {
  test.each([
    [`https://discord.com/api/webhooks/${ID}/${TOKEN}`, 'https://discord.com/api', undefined],
    [`https://discord.com/api/v10/webhooks/${ID}/${TOKEN}`, 'https://discord.com/api/v10', 10],
    [`https://discord.com/api/v9/webhooks/${ID}/${TOKEN}/`, 'https://discord.com/api/v9', 9],
    [`https://ptb.discord.com/api/webhooks/${ID}/${TOKEN}`, 'https://ptb.discord.com/api', undefined],
    [`https://canary.discord.com/api/v10/webhooks/${ID}/${TOKEN}`, 'https://canary.discord.com/api/v10', 10],
    [`https://discordapp.com/api/webhooks/${ID}/${TOKEN}`, 'https://discordapp.com/api', undefined],
    [`  https://DISCORD.com/api/webhooks/${ID}/${TOKEN}\n`, 'https://discord.com/api', undefined],
  ])('%s', (url, apiBase, apiVersion) => {
    expect(parseWebhookUrl(url)).toEqual({ id: ID, token: TOKEN, apiBase, apiVersion });
  });

  test('17- and 20-digit ids', () => {
    expect(parseWebhookUrl(`https://discord.com/api/webhooks/12345678901234567/t`).id).toBe('12345678901234567');
    expect(parseWebhookUrl(`https://discord.com/api/webhooks/18446744073709551615/t`).id).toBe('18446744073709551615');
  });

  test('http and https on an allowed host:port (the emulator)', () => {
    const target = parseWebhookUrl(`http://127.0.0.1:8787/api/webhooks/${ID}/${TOKEN}`, {
      allowedHosts: ['127.0.0.1:8787'],
    });
    expect(target).toEqual({ id: ID, token: TOKEN, apiBase: 'http://127.0.0.1:8787/api', apiVersion: undefined });
    expect(
      parseWebhookUrl(`https://localhost:8443/api/v10/webhooks/${ID}/${TOKEN}`, { allowedHosts: ['localhost:8443'] })
        .apiBase,
    ).toBe('https://localhost:8443/api/v10');
  });

  test('a bare allowed host matches its default port only', () => {
    expect(parseWebhookUrl(`http://emulator/api/webhooks/${ID}/t`, { allowedHosts: ['emulator'] }).apiBase).toBe(
      'http://emulator/api',
    );
    expect(rejection(`http://emulator:8080/api/webhooks/${ID}/t`, ['emulator']).problem).toBe('host');
    expect(parseWebhookUrl(`http://emulator/api/webhooks/${ID}/t`, { allowedHosts: ['emulator:80'] }).id).toBe(ID);
  });
});

describe('parseWebhookUrl rejects, naming the problem', () => {
  test.each([
    ['', 'empty'],
    ['discord.com/api/webhooks/1/2', 'not-a-url'],
    [`http://discord.com/api/webhooks/${ID}/${TOKEN}`, 'protocol'],
    [`ftp://discord.com/api/webhooks/${ID}/${TOKEN}`, 'protocol'],
    [`https://evil.example/api/webhooks/${ID}/${TOKEN}`, 'host'],
    [`https://discord.com.evil.example/api/webhooks/${ID}/${TOKEN}`, 'host'],
    [`https://cdn.discordapp.com/api/webhooks/${ID}/${TOKEN}`, 'host'],
    [`https://discord.com:8443/api/webhooks/${ID}/${TOKEN}`, 'port'],
    [`https://user:pass@discord.com/api/webhooks/${ID}/${TOKEN}`, 'credentials'],
    [`https://discord.com/api/webhooks/${ID}/${TOKEN}?wait=true`, 'query'],
    [`https://discord.com/api/webhooks/${ID}/${TOKEN}#x`, 'query'],
    [`https://discord.com/webhooks/${ID}/${TOKEN}`, 'path'],
    [`https://discord.com/api/v4/webhooks/${ID}/${TOKEN}`, 'version'],
    [`https://discordapp.com/api/v10/webhooks/${ID}/${TOKEN}`, 'version'],
    [`https://discord.com/api/webhooks/1234/${TOKEN}`, 'id'],
    [`https://discord.com/api/webhooks/0123456789012345678/${TOKEN}`, 'id'],
    [`https://discord.com/api/webhooks/18446744073709551616/${TOKEN}`, 'id'],
    [`https://discord.com/api/webhooks/abc${ID}/${TOKEN}`, 'id'],
    [`https://discord.com/api/webhooks/${ID}`, 'token'],
    [`https://discord.com/api/webhooks/${ID}/`, 'token'],
    [`https://discord.com/api/webhooks/${ID}/${TOKEN}%21`, 'token'],
    [`https://discord.com/api/webhooks/${ID}/${TOKEN}/slack`, 'path'],
    [`https://discord.com/api/webhooks/${ID}/${TOKEN}/messages/1`, 'path'],
  ])('%s → %s', (url, problem) => {
    expect(rejection(url).problem).toBe(problem);
  });

  test('http on discord.com says to use https', () => {
    expect(rejection(`http://discord.com/api/webhooks/${ID}/${TOKEN}`).message).toBe(
      `Webhook URL http://discord.com/api/webhooks/${ID}/*** must use https (https://discord.com/api[/vN]/webhooks/<id>/<token>)`,
    );
  });

  test('a query string is named and the user is told to remove it', () => {
    expect(rejection(`https://discord.com/api/webhooks/${ID}/${TOKEN}?wait=true&thread_id=1`).message).toBe(
      `Webhook URL https://discord.com/api/webhooks/${ID}/*** must not have the query string (wait, thread_id): ` +
        'remove it; the client sets ?wait and ?thread_id itself',
    );
  });

  test('no error message ever contains the token', () => {
    const urls = [
      `http://discord.com/api/webhooks/${ID}/${TOKEN}`,
      `https://evil.example/api/webhooks/${ID}/${TOKEN}`,
      `https://discord.com:1/api/webhooks/${ID}/${TOKEN}`,
      `https://discord.com/api/webhooks/${ID}/${TOKEN}?wait=true`,
      `https://discord.com/api/v4/webhooks/${ID}/${TOKEN}`,
      `https://discord.com/api/webhooks/12/${TOKEN}`,
      `https://discord.com/api/webhooks/${TOKEN}/${TOKEN}`,
      `https://discord.com/api/${ID}/${TOKEN}`,
      `https://discord.com/api/webhooks/${ID}/${TOKEN}/extra`,
      `https://discord.com/api/webhooks/${ID}/${TOKEN}!`,
      `https://${TOKEN}@discord.com/api/webhooks/${ID}/x`,
      `not a url ${TOKEN}`,
    ];
    for (const url of urls) {
      const error = rejection(url);
      expect(error.message).not.toContain(TOKEN);
      expect(String(error.stack)).not.toContain(TOKEN);
    }
  });

  test('an invalid allowed-hosts entry is reported', () => {
    expect(rejection(`http://x/api/webhooks/${ID}/t`, ['http://x:1']).problem).toBe('allowed-hosts');
  });
});

describe('redaction', () => {
  test('redactSecrets replaces the token of every webhook path', () => {
    expect(redactSecrets(`POST https://discord.com/api/v10/webhooks/${ID}/${TOKEN}?wait=true failed`)).toBe(
      `POST https://discord.com/api/v10/webhooks/${ID}/***?wait=true failed`,
    );
    expect(redactSecrets(`a /webhooks/${ID}/${TOKEN}/messages/5 b /webhooks/${ID}/other`)).toBe(
      `a /webhooks/${ID}/***/messages/5 b /webhooks/${ID}/***`,
    );
  });

  test('redactSecrets catches percent-encoded paths and given bare tokens', () => {
    expect(redactSecrets(`webhooks%2F${ID}%2F${TOKEN}`)).toBe(`webhooks%2F${ID}%2F***`);
    expect(redactSecrets(`token=${TOKEN};`, [TOKEN])).toBe('token=***;');
  });

  test('redactSecrets catches paths inside JSON with escaped slashes', () => {
    expect(redactSecrets(`{"url":"https:\\/\\/discord.com\\/api\\/webhooks\\/${ID}\\/${TOKEN}"}`)).toBe(
      `{"url":"https:\\/\\/discord.com\\/api\\/webhooks\\/${ID}\\/***"}`,
    );
  });

  test('redactSecrets leaves route templates and redacted text alone', () => {
    const text = `[POST /webhooks/:id/:token] and /webhooks/${ID}/***`;
    expect(redactSecrets(text)).toBe(text);
  });

  test('describeTarget shows the id but not the token', () => {
    const target = parseWebhookUrl(`https://discord.com/api/v10/webhooks/${ID}/${TOKEN}`);
    expect(describeTarget(target)).toBe(`https://discord.com/api/v10/webhooks/${ID}/***`);
  });
});
