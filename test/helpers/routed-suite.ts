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

/** How a suite shares the emulator. */
export interface EmulatorSharing {
  /**
   * A fresh emulator for every test, closed after it (the client is still one per file): for a page that shows every
   * message the emulator holds, so each test sees only its own.
   * @default false
   */
  emulatorPerTest?: boolean;
}

/**
 * The emulator of a suite, closed after it: one for the file, or a fresh one for every test with `emulatorPerTest`;
 * `use` receives it before the first test, or before every test.
 */
export function useTestDiscord(
  use: (discord: TestDiscord) => void,
  { emulatorPerTest = false }: EmulatorSharing = {},
): void {
  let discord: TestDiscord | undefined;
  (emulatorPerTest ? beforeEach : beforeAll)(async () => {
    discord = await startTestDiscord();
    use(discord);
  });
  (emulatorPerTest ? afterEach : afterAll)(async () => {
    await discord?.emulator.close();
  });
}

/**
 * One client for the whole file and the emulator ({@link useTestDiscord}: one for the file unless `emulatorPerTest`),
 * both closed after it; `use` receives them whenever the emulator is new.
 */
export function useEmulatorAndClient(use: (shared: EmulatorAndClient) => void, sharing: EmulatorSharing = {}): void {
  let client: Client | undefined;
  beforeAll(async () => {
    client = await createTestClient();
  });
  useTestDiscord((discord) => use({ discord, client: client! }), sharing);
  afterAll(async () => {
    await client?.connection.close();
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
 * both closed after the file (see {@link EmulatorSharing} for an emulator per test). `use` receives the suite before all tests and again before each test (new routes);
 * suites assign it to their own variables, so test bodies read `discord`, `client` and `routes` as before.
 */
export function useRoutedSuite(
  use: (suite: RoutedSuite) => void,
  sharing: EmulatorSharing = {},
): {
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
  }, sharing);
  // A new emulator per test comes with its own routes; a shared one gets new routes for each test.
  if (!sharing.emulatorPerTest)
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
