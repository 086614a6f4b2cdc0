import type { Client } from '@temporalio/client';
import { routedWebhooks, type RoutedWebhooks } from './channels';
import { startTestDiscord, type TestDiscord } from './emulator';
import { createTestClient } from './temporal';

/** What a suite of workflows that post to routed channels works with. */
export interface RoutedSuite {
  discord: TestDiscord;
  client: Client;
  /** Fresh webhooks for every test, so counts per channel start at zero. */
  routes: RoutedWebhooks;
}

/**
 * The set-up shared by the workflow suites: one emulator and one client per file, fresh routed webhooks per test,
 * both closed after the file. `use` receives the suite before all tests and again before each test (new routes);
 * suites assign it to their own variables, so test bodies read `discord`, `client` and `routes` as before.
 */
export function useRoutedSuite(use: (suite: RoutedSuite) => void): void {
  let suite: RoutedSuite | undefined;
  beforeAll(async () => {
    const discord = await startTestDiscord();
    suite = { discord, client: await createTestClient(), routes: routedWebhooks(discord) };
    use(suite);
  });
  beforeEach(() => {
    suite!.routes = routedWebhooks(suite!.discord);
    use(suite!);
  });
  afterAll(async () => {
    await suite?.discord.emulator.close();
    await suite?.client.connection.close();
  });
}
