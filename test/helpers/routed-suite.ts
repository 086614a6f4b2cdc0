import { randomUUID } from 'node:crypto';
import type { Client, WorkflowStartOptions } from '@temporalio/client';
import type { Workflow, WorkflowResultType } from '@temporalio/common';
import { routedWebhooks, type RoutedWebhooks } from './channels';
import { startTestDiscord, type TestDiscord } from './emulator';
import { createTestClient, withWorker } from './temporal';

/** The emulator and the Temporal client a test file shares. */
export interface EmulatorAndClient {
  discord: TestDiscord;
  client: Client;
}

/**
 * One emulator and one client for the whole file, both closed after it; `use` receives them before the first test.
 */
export function useEmulatorAndClient(use: (shared: EmulatorAndClient) => void): void {
  let shared: EmulatorAndClient | undefined;
  beforeAll(async () => {
    shared = { discord: await startTestDiscord(), client: await createTestClient() };
    use(shared);
  });
  afterAll(async () => {
    await shared?.discord.emulator.close();
    await shared?.client.connection.close();
  });
}

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
export function useRoutedSuite(use: (suite: RoutedSuite) => void): {
  /**
   * Runs `workflow` to its end on a fresh worker with this test's routes, plus `env` (id `<idPrefix>-<uuid>`).
   */
  execute<W extends Workflow>(
    workflow: W,
    args: Parameters<W>,
    idPrefix: string,
    env?: Record<string, string>,
  ): Promise<WorkflowResultType<W>>;
} {
  let suite: RoutedSuite | undefined;
  useEmulatorAndClient(({ discord, client }) => {
    suite = { discord, client, routes: routedWebhooks(discord) };
    use(suite);
  });
  beforeEach(() => {
    suite!.routes = routedWebhooks(suite!.discord);
    use(suite!);
  });
  return {
    execute: <W extends Workflow>(workflow: W, args: Parameters<W>, idPrefix: string, env = {}) =>
      withWorker({ env: { ...suite!.routes.env, ...env } }, ({ taskQueue }) =>
        suite!.client.workflow.execute(workflow, {
          taskQueue,
          workflowId: `${idPrefix}-${randomUUID()}`,
          args,
        } as unknown as WorkflowStartOptions<W>),
      ),
  };
}
