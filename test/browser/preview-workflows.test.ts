import { randomUUID } from 'node:crypto';
import { type Client } from '@temporalio/client';
import { campaignWithProgress, hotLeadAlert } from '../../src/workflows';
import { screenshot, describeWithChromium } from '../helpers/browser';
import { type RoutedWebhooks } from '../helpers/channels';
import { SEED_LEAD } from '../helpers/embeds';
import { type TestDiscord } from '../helpers/emulator';
import { useRoutedSuite } from '../helpers/routed-suite';
import { uniqueTaskQueue, withWorker } from '../helpers/temporal';
import { type BrowserGlobals, type DomElement } from './dom';
import {
  APPEAR_TIMEOUT_MS,
  backgroundColor,
  contentText,
  messageElement,
  normalized,
  openPreview,
  shownMessage,
} from './preview-page';

describeWithChromium('the preview page renders the workflows', (browser) => {
  let client: Client;
  let discord: TestDiscord;
  let routes: RoutedWebhooks;
  // The page shows every message the emulator holds: a fresh one per test, so each test sees only its own.
  const { execute } = useRoutedSuite((suite) => ({ discord, client, routes } = suite), { emulatorPerTest: true });

  test('the preview renders the hotLeadAlert workflow alert as Discord does: red bar, linked title, inline fields, bold content', async () => {
    await execute(hotLeadAlert, [{ lead: SEED_LEAD, score: 85 }], 'lead');
    const [stored] = discord.emulator.messages(routes.webhooks.alerts.id);
    const page = await openPreview(browser(), discord.emulator);
    const message = await shownMessage(page, stored!.message.id);

    expect(await page.locator('article.preview-message').count()).toBe(1);
    expect(await message.getAttribute('data-webhook-id')).toBe(routes.webhooks.alerts.id);
    expect(normalized(await message.locator('discord-message .discord-author-username').textContent())).toBe(
      stored!.message.author.username,
    );
    expect(await contentText(message)).toBe('🔥 HOT LEAD ALERT');
    const bold = message.locator('discord-message > discord-bold');
    expect(await bold.textContent()).toBe('HOT LEAD ALERT');
    expect(
      await bold
        .locator('strong')
        .evaluate(
          (element: DomElement) => (globalThis as unknown as BrowserGlobals).getComputedStyle(element).fontWeight,
        ),
    ).toBe('700');

    const embed = message.locator('discord-embed');
    expect(await embed.count()).toBe(1);
    expect(await backgroundColor(embed.locator('.discord-left-border'))).toBe('rgb(255, 0, 0)');
    const title = embed.locator('.discord-embed-title a');
    expect(normalized(await title.textContent())).toBe('Min-Ji Park - Score: 85');
    expect(await title.getAttribute('href')).toBe('https://notion.so/a1b2c3d4e5f6');
    expect(normalized(await embed.locator('discord-embed-description').textContent())).toBe(
      'Immediate follow-up recommended within 24 hours',
    );

    const fields = embed.locator('discord-embed-field');
    expect(
      await fields.evaluateAll((all: DomElement[]) => all.map((field) => field.getAttribute('field-title'))),
    ).toEqual(['Email', 'Score', 'Stage', 'Notion Link']);
    const box = async (name: string) =>
      (await embed.locator(`discord-embed-field[field-title="${name}"]`).boundingBox())!;
    const [email, score, stage, notion] = [
      await box('Email'),
      await box('Score'),
      await box('Stage'),
      await box('Notion Link'),
    ];
    // One row of three inline fields, left to right, then the full-width Notion Link below it.
    expect([score.y, stage.y]).toEqual([email.y, email.y]);
    expect(email.x < score.x && score.x < stage.x).toBe(true);
    expect(notion.y).toBeGreaterThanOrEqual(email.y + email.height);
    expect(notion.x).toBe(email.x);
    expect(normalized(await embed.locator('discord-embed-field[field-title="Score"]').textContent())).toBe('85');
    const notionLink = embed.locator('discord-embed-field[field-title="Notion Link"] discord-link');
    expect(normalized(await notionLink.textContent())).toBe('Open in Notion');
    expect(await notionLink.locator('a').getAttribute('href')).toBe('https://notion.so/a1b2c3d4e5f6');
    expect(await message.locator('discord-message .discord-message-edited').count()).toBe(0);
    await screenshot(page, 'preview-hot-lead-alert');
  });

  test('a campaignWithProgress message is ONE element whose title climbs 0% -> 100% live, turns green and shows (edited)', async () => {
    const page = await openPreview(browser(), discord.emulator);
    // Record every title the page shows and the most message elements it ever holds, as the DOM changes.
    await page.evaluate(() => {
      const g = globalThis as unknown as BrowserGlobals;
      const titles: string[] = [];
      g.__titles = titles;
      g.__maxMessages = 0;
      const record = () => {
        const articles = g.document.querySelectorAll('article.preview-message');
        g.__maxMessages = Math.max(g.__maxMessages as number, articles.length);
        for (const embed of Array.from(g.document.querySelectorAll('article.preview-message discord-embed'))) {
          const title = embed.getAttribute('embed-title');
          if (title !== null && titles[titles.length - 1] !== title) titles.push(title);
        }
      };
      const list = g.document.querySelector('#preview-messages');
      new g.MutationObserver(record).observe(list, { childList: true, subtree: true, attributes: true });
    });
    const steps = ['Build audience', 'Send emails', 'Report'].map((name) => ({
      name,
      workflowType: 'simulatedCampaignStep',
      args: [{ durationMs: 1_500 }],
    }));
    const result = await withWorker(
      { env: routes.env, taskQueue: uniqueTaskQueue('preview-progress') },
      async ({ taskQueue }) => {
        const handle = await client.workflow.start(campaignWithProgress, {
          taskQueue,
          workflowId: `cwp-${randomUUID()}`,
          args: [{ campaignName: 'Launch', steps }],
        });
        await page.waitForSelector('discord-embed[embed-title="Progress: 0%"]', { timeout: APPEAR_TIMEOUT_MS });
        await screenshot(page, 'preview-progress-start');
        const result = await handle.result();
        // The campaign never waits for its message: the outbox (on this worker) sends the last state just after.
        await page.locator('discord-embed[embed-title="Progress: 100%"]').waitFor({ timeout: APPEAR_TIMEOUT_MS });
        return result;
      },
    );
    expect(result.status).toBe('completed');

    const stored = discord.emulator.messages(routes.webhooks.campaigns.id);
    expect(stored).toHaveLength(1);
    const message = messageElement(page, stored[0]!.message.id);
    expect(await page.locator('article.preview-message').count()).toBe(1);
    expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).__maxMessages)).toBe(1);
    const titles = (await page.evaluate(() => (globalThis as unknown as BrowserGlobals).__titles)) as string[];
    const all = ['Progress: 0%', 'Progress: 33%', 'Progress: 67%', 'Progress: 100%'];
    // In order, no value twice, nothing else, from 0% to 100%, with at least one step in between.
    expect(titles).toEqual(all.filter((title) => titles.includes(title)));
    expect([titles[0], titles[titles.length - 1]]).toEqual(['Progress: 0%', 'Progress: 100%']);
    expect(titles.length).toBeGreaterThanOrEqual(3);

    expect(await backgroundColor(message.locator('discord-embed .discord-left-border'))).toBe('rgb(0, 255, 0)');
    expect(normalized(await message.locator('discord-message .discord-message-edited').textContent())).toBe('(edited)');
    expect(await contentText(message)).toBe('✅ All steps complete!');
    await screenshot(page, 'preview-progress-end');
  });
});
