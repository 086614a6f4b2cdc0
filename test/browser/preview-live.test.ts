import { type Page } from 'playwright-core';
import { type DiscordEmulator, type EmulatorWebhook } from '../../src/emulator';
import { collectPageErrors, screenshot, describeWithChromium } from '../helpers/browser';
import { useTestDiscord } from '../helpers/routed-suite';
import { type BrowserGlobals, type DomElement } from './dom';
import {
  APPEAR_TIMEOUT_MS,
  callWebhook,
  contentText,
  normalized,
  openPreview,
  postMessage,
  shownMessage,
} from './preview-page';

describeWithChromium('the preview page, live', (browser) => {
  let emulator: DiscordEmulator;
  let webhook: EmulatorWebhook;
  useTestDiscord(
    (discord) => {
      emulator = discord.emulator;
      webhook = emulator.createWebhook({ name: 'Live Alerts' });
    },
    { emulatorPerTest: true },
  );

  /** Marks the page's window; if the page reloaded, the mark is gone. */
  const markWindow = (target: Page) =>
    target.evaluate(() => {
      (globalThis as unknown as BrowserGlobals).__notReloaded = true;
    });
  const stillSameWindow = (target: Page) =>
    target.evaluate(() => (globalThis as unknown as BrowserGlobals).__notReloaded === true);

  test('a message sent after the page loaded appears live; a PATCH redraws the same element; JSON is one click away', async () => {
    const page = await openPreview(browser(), emulator);
    const errors = collectPageErrors(page);
    await markWindow(page);
    const body = { content: 'Live **one**', username: 'Live Bot' };
    const id = await postMessage(webhook.url, body);
    const message = await shownMessage(page, id);
    expect(await contentText(message)).toBe('Live one');
    expect(normalized(await message.locator('discord-message .discord-author-username').textContent())).toBe(
      'Live Bot',
    );
    expect(await message.locator('discord-message .discord-message-edited').count()).toBe(0);
    const before = await message.elementHandle();

    const edit = { content: 'Live **two**', embeds: [{ title: 'Edited embed', color: 0x5865f2 }] };
    await callWebhook('PATCH', `${webhook.url}/messages/${id}`, edit);
    await page.waitForSelector(`article[data-message-id="${id}"] discord-embed[embed-title="Edited embed"]`, {
      timeout: APPEAR_TIMEOUT_MS,
    });
    expect(await page.locator('article.preview-message').count()).toBe(1);
    expect(await before.evaluate((element: DomElement) => element.isConnected)).toBe(true);
    expect(await message.evaluate((element: DomElement, old) => element === old, before)).toBe(true);
    expect(await contentText(message)).toBe('Live two');
    expect(normalized(await message.locator('discord-message .discord-message-edited').textContent())).toBe('(edited)');
    expect(await stillSameWindow(page)).toBe(true);

    const raw = message.locator('section[data-raw="message"] pre');
    expect(await raw.isVisible()).toBe(false);
    await message.locator('details.preview-raw > summary').click();
    await raw.waitFor({ state: 'visible', timeout: APPEAR_TIMEOUT_MS });
    expect(JSON.parse((await raw.textContent())!)).toEqual(emulator.messages(webhook.id)[0]!.message);
    const request = message.locator('section[data-raw="request"] pre');
    expect(JSON.parse((await request.textContent())!)).toEqual(body);
    expect(JSON.parse((await message.locator('section[data-raw="edit"] pre').textContent())!)).toEqual(edit);
    await screenshot(page, 'preview-live-edit-json');
    expect(errors).toEqual([]);
  });

  test('newest messages come first, and a deleted message stays, struck through with a "deleted" tag', async () => {
    const page = await openPreview(browser(), emulator);
    const first = await postMessage(webhook.url, { content: 'first' });
    const second = await postMessage(webhook.url, { content: 'second' });
    await shownMessage(page, second);
    await shownMessage(page, first);
    const order = () =>
      page.locator('article.preview-message').evaluateAll((all: DomElement[]) => all.map((a) => a.dataset.messageId));
    expect(await order()).toEqual([second, first]);

    await callWebhook('DELETE', `${webhook.url}/messages/${first}`);
    const deleted = page.locator(`article[data-message-id="${first}"][data-deleted]`);
    await deleted.waitFor({ timeout: APPEAR_TIMEOUT_MS });
    expect(normalized(await deleted.locator('.preview-deleted-tag').textContent())).toBe('deleted');
    expect(
      await deleted
        .locator('discord-message')
        .evaluate(
          (element: DomElement) =>
            (globalThis as unknown as BrowserGlobals).getComputedStyle(element).textDecorationLine,
        ),
    ).toBe('line-through');
    expect(await page.locator(`article[data-message-id="${second}"][data-deleted]`).count()).toBe(0);
    expect(await order()).toEqual([second, first]);
  });

  test('when EventSource is unavailable the page polls, and still shows new messages without a reload', async () => {
    const page = await browser().newPage();
    await page.addInitScript(() => {
      delete (globalThis as unknown as { EventSource?: unknown }).EventSource;
    });
    await page.goto(`${emulator.url}/`);
    await page.waitForSelector('#preview-status[data-transport="polling"]', { timeout: APPEAR_TIMEOUT_MS });
    await markWindow(page);
    const id = await postMessage(webhook.url, { content: 'seen by polling' });
    expect(await contentText(await shownMessage(page, id))).toBe('seen by polling');
    expect(await stillSameWindow(page)).toBe(true);
  });

  test('webhook tabs show each name, id and count, and filter the messages', async () => {
    const other = emulator.createWebhook({ name: 'Reports' });
    const alert = await postMessage(webhook.url, { content: 'to alerts' });
    const report = await postMessage(other.url, { content: 'to reports' });
    const page = await openPreview(browser(), emulator);
    const tabs = page.locator('#preview-tabs .preview-tab');
    expect((await tabs.allInnerTexts()).map(normalized)).toEqual([
      'All webhooks 2',
      `Live Alerts ${webhook.id} 1`,
      `Reports ${other.id} 1`,
    ]);
    const visible = () =>
      page
        .locator('article.preview-message')
        .evaluateAll((all: DomElement[]) =>
          all.filter((a) => !a.hasAttribute('hidden')).map((a) => a.dataset.messageId),
        );
    expect(await visible()).toEqual([report, alert]);
    await page.locator(`.preview-tab[data-webhook-id="${other.id}"]`).click();
    expect(await visible()).toEqual([report]);
    expect(await page.locator(`.preview-tab[data-webhook-id="${other.id}"]`).getAttribute('aria-selected')).toBe(
      'true',
    );
    expect(page.url()).toBe(`${emulator.url}/#webhook=${other.id}`);
    await page.locator('.preview-tab[data-webhook-id="all"]').click();
    expect(await visible()).toEqual([report, alert]);
  });
});
