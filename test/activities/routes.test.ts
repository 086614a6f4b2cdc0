import { WebhookRoutes, webhookKey } from '../../src/activities/routes';
import { loadConfig } from '../../src/config';

const url = (id: string) => `https://discord.com/api/webhooks/${id}/tok-${id}`;

describe('WebhookRoutes', () => {
  const routes = new WebhookRoutes(
    loadConfig({
      DISCORD_WEBHOOK_URL: url('11111111111111111'),
      DISCORD_WEBHOOK_URL_ALERTS: url('22222222222222222'),
      DISCORD_WEBHOOK_URL_ZETA: url('33333333333333333'),
      DISCORD_WEBHOOK_URL_BETA: url('33333333333333333'),
      DISCORD_WEBHOOK_URL_ERRORS: url('11111111111111111'),
    }).discord,
  );

  test('a channel uses its own webhook, else the default one, whatever the case of its name', () => {
    const idOf = (channel: string) => {
      const route = routes.resolve(channel);
      return route.configured ? [route.channel, route.target.id] : route;
    };
    expect(idOf('reports')).toEqual(['reports', '11111111111111111']);
    expect(idOf('errors')).toEqual(['errors', '11111111111111111']);
    expect(idOf('ALERTS')).toEqual(['alerts', '22222222222222222']);
    expect(idOf('zeta')).toEqual(['zeta', '33333333333333333']);
  });

  test('finds a configured webhook by its key (what an outbox knows), and nothing else', () => {
    const route = routes.resolve('zeta');
    if (!route.configured) throw new Error('zeta is configured');
    expect(route.key).toBe(webhookKey(route.target));
    expect(routes.webhook(route.key)?.token).toBe('tok-33333333333333333');
    expect(routes.webhook('33333333333333333')).toBeUndefined();
    expect(routes.webhook('33333333333333333-00000000')).toBeUndefined();
  });

  test('a key is the id and a digest of host, id and token; the API version does not change it', () => {
    const parse = (link: string) => loadConfig({ DISCORD_WEBHOOK_URL: link }).discord.defaultChannel!;
    const plain = webhookKey(parse(url('11111111111111111')));
    expect(plain).toMatch(/^11111111111111111-[0-9a-f]{8}$/);
    expect(plain).not.toContain('tok-');
    expect(webhookKey(parse('https://discord.com/api/v10/webhooks/11111111111111111/tok-11111111111111111'))).toBe(
      plain,
    );
    expect(webhookKey(parse('https://discord.com/api/webhooks/11111111111111111/other-token'))).not.toBe(plain);
    expect(webhookKey(parse('https://ptb.discord.com/api/webhooks/11111111111111111/tok-11111111111111111'))).not.toBe(
      plain,
    );
  });

  test('without a default webhook an unset channel is not configured, with the variable to set', () => {
    const only = new WebhookRoutes(loadConfig({ DISCORD_WEBHOOK_URL_ALERTS: url('22222222222222222') }).discord);
    expect(only.resolve('slow')).toEqual({
      configured: false,
      channel: 'slow',
      reason: 'No webhook configured for channel "slow": set DISCORD_WEBHOOK_URL_SLOW or DISCORD_WEBHOOK_URL',
    });
  });
});
