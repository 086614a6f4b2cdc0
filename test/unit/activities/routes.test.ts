import { DeliveryRoutes } from '../../../src/activities/routes';
import { loadConfig } from '../../../src/config';

const url = (id: string) => `https://discord.com/api/webhooks/${id}/tok-${id}`;

describe('DeliveryRoutes', () => {
  test('channels that fall back to the default webhook share its route; named webhooks get their own', () => {
    const routes = new DeliveryRoutes(
      loadConfig({
        DISCORD_WEBHOOK_URL: url('11111111111111111'),
        DISCORD_WEBHOOK_URL_ALERTS: url('22222222222222222'),
        DISCORD_WEBHOOK_URL_ZETA: url('33333333333333333'),
        DISCORD_WEBHOOK_URL_BETA: url('33333333333333333'),
        DISCORD_WEBHOOK_URL_ERRORS: url('11111111111111111'),
      }).discord,
    );
    expect(routes.routeKeys()).toEqual(['alerts', 'beta', 'default']);
    expect(routes.resolve('reports')).toEqual({ configured: true, channel: 'reports', routeKey: 'default' });
    expect(routes.resolve('errors')).toEqual({ configured: true, channel: 'errors', routeKey: 'default' });
    expect(routes.resolve('ALERTS')).toEqual({ configured: true, channel: 'alerts', routeKey: 'alerts' });
    expect(routes.resolve('zeta')).toEqual({ configured: true, channel: 'zeta', routeKey: 'beta' });
  });

  test('without a default webhook an unset channel is not configured, with the variable to set', () => {
    const routes = new DeliveryRoutes(loadConfig({ DISCORD_WEBHOOK_URL_ALERTS: url('22222222222222222') }).discord);
    expect(routes.resolve('slow')).toEqual({
      configured: false,
      channel: 'slow',
      reason: 'No webhook configured for channel "slow": set DISCORD_WEBHOOK_URL_SLOW or DISCORD_WEBHOOK_URL',
    });
  });

  test('a delivery rate of 0 keeps deliveries on the workflow task queue', () => {
    const routes = new DeliveryRoutes(
      loadConfig({ DISCORD_WEBHOOK_URL: url('11111111111111111'), DISCORD_DELIVERY_RATE: '0' }).discord,
    );
    expect(routes.resolve('alerts')).toEqual({ configured: true, channel: 'alerts', routeKey: null });
  });

  test('digest channels carry their window', () => {
    const routes = new DeliveryRoutes(
      loadConfig({ DISCORD_WEBHOOK_URL: url('11111111111111111'), DISCORD_DIGEST_ALERTS: '10s' }).discord,
    );
    expect(routes.resolve('alerts')).toEqual({
      configured: true,
      channel: 'alerts',
      routeKey: 'default',
      digestWindowMs: 10_000,
    });
  });
});
