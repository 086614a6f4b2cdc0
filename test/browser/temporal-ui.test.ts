import { randomUUID } from 'node:crypto';
import { type Client } from '@temporalio/client';
import { type Locator, type Page } from 'playwright-core';
import { sendNotification } from '../../src/workflows';
import { screenshot, describeWithChromium } from '../helpers/browser';
import { type RoutedWebhooks } from '../helpers/channels';
import { useRoutedSuite } from '../helpers/routed-suite';
import { uniqueTaskQueue, withWorker } from '../helpers/temporal';
import { type DomElement } from './dom';
import { normalized } from './preview-page';

describeWithChromium('the Temporal Web UI', (browser) => {
  /** The Web UI is a SvelteKit app that loads its data after the page: allow it time to render. */
  const UI_TIMEOUT_MS = 30_000;

  let client: Client;
  let routes: RoutedWebhooks;
  useRoutedSuite((suite) => ({ client, routes } = suite));

  /**
   * Opens the filtered workflow list until the run's row shows it Completed. The list reads Temporal's visibility
   * store, which catches up with a run's close a moment after `execute` returns, so a first load may still show it
   * Running (or not at all); each load waits a little, and the whole wait is bounded.
   */
  async function listedRun(page: Page, url: string, workflowId: string): Promise<Locator> {
    const deadline = Date.now() + UI_TIMEOUT_MS;
    for (;;) {
      await page.goto(url, { waitUntil: 'load' });
      const row = page.locator('tr', { has: page.getByRole('link', { name: workflowId, exact: true }) });
      try {
        await row.getByText(/^\s*completed\s*$/i).waitFor({ timeout: 5_000 });
        return row;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
    }
  }

  /** The dev server's Web UI, started by the jest global set-up. */
  function uiUrl(): string {
    const url = process.env.TEMPORAL_TEST_UI_URL;
    if (!url) throw new Error('TEMPORAL_TEST_UI_URL is unset: run the tests with jest (test/setup/global-setup.ts)');
    return url;
  }

  test('the Temporal Web UI lists a sendNotification run started by the test, Completed, and shows its input', async () => {
    const marker = `ui-check-${randomUUID()}`;
    const workflowId = `send-${marker}`;
    const input = { content: `Web UI check ${marker}`, title: 'Browser-tested run' };
    const result = await withWorker({ env: routes.env, taskQueue: uniqueTaskQueue('preview-ui') }, ({ taskQueue }) =>
      client.workflow.execute(sendNotification, { taskQueue, workflowId, args: [input] }),
    );
    expect(result.status).toBe('sent');

    const page = await browser().newPage({ viewport: { width: 1400, height: 1000 } });
    // Filtered by id, so runs of other test files on the shared dev server never push this one off the page.
    const query = encodeURIComponent(`WorkflowId="${workflowId}"`);
    const row = await listedRun(page, `${uiUrl()}/namespaces/default/workflows?query=${query}`, workflowId);
    expect(await row.count()).toBe(1);
    const cells = await row.locator('td').evaluateAll((all: DomElement[]) => all.map((cell) => cell.innerText.trim()));
    expect(cells).toContain(workflowId);
    expect(cells).toContain('sendNotification');
    expect(cells.map((cell) => cell.toLowerCase())).toContain('completed');
    const link = row.getByRole('link', { name: workflowId, exact: true });
    await screenshot(page, 'temporal-ui-workflow-list');

    await link.click();
    await page.waitForURL(`**/workflows/${workflowId}/**`, { timeout: UI_TIMEOUT_MS });
    // The input is shown as JSON; the distinctive string only occurs in it (the id has no "Web UI check").
    const inputText = page.getByText(`Web UI check ${marker}`).first();
    await inputText.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await inputText.textContent()).toBe(`"Web UI check ${marker}"`);
    const heading = await page.locator('main').innerText();
    expect(normalized(heading)).toContain(`"content": "Web UI check ${marker}"`);
    expect(normalized(heading)).toContain('"title": "Browser-tested run"');
    expect(heading).toContain(workflowId);
    // The status badge next to the workflow id.
    const status = page.locator('main').getByText(/^\s*(running|completed|failed|terminated|timed out)\s*$/i);
    expect((await status.allInnerTexts()).map((text) => text.trim().toLowerCase())).toEqual(['completed']);
    await screenshot(page, 'temporal-ui-workflow-detail');
  });
});
