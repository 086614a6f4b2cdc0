import { type Browser, type Locator, type Page } from 'playwright-core';
import { type DiscordEmulator } from '../../src/emulator';
import { type BrowserGlobals, type DomElement, type DomNode } from './dom';

/** How long the page may take to show something (a live update, a workflow's message) before a test fails. */
export const APPEAR_TIMEOUT_MS = 20_000;

/**
 * Opens the emulator's preview page and waits until it has drawn its first state and, unless `transport` says
 * otherwise, until the live event stream is connected (so later messages arrive through it).
 */
export async function openPreview(
  browser: Browser,
  emulator: DiscordEmulator,
  options: { transport?: 'live' | 'polling'; hash?: string } = {},
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(`${emulator.url}/${options.hash ?? ''}`, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: APPEAR_TIMEOUT_MS });
  await page.waitForSelector(`#preview-status[data-transport="${options.transport ?? 'live'}"]`, {
    timeout: APPEAR_TIMEOUT_MS,
  });
  return page;
}

/** The element of one message. */
export function messageElement(page: Page, messageId: string): Locator {
  return page.locator(`article.preview-message[data-message-id="${messageId}"]`);
}

/** The element of one message, once the page shows it. */
export async function shownMessage(page: Page, messageId: string): Promise<Locator> {
  const message = messageElement(page, messageId);
  await message.waitFor({ timeout: APPEAR_TIMEOUT_MS });
  return message;
}

/**
 * The text of the message's content (without embeds and attachments), as the page put it in the DOM. Decorations
 * drawn inside the components' shadow roots (the "@" of a mention pill) are not part of it.
 */
export function contentText(message: Locator): Promise<string> {
  return message.locator('discord-message').evaluate((element: DomElement) =>
    Array.from(element.childNodes)
      // Element nodes (nodeType 1) in a slot are embeds or attachments, not content.
      .filter((node: DomNode) => node.nodeType !== 1 || !(node as DomElement).hasAttribute('slot'))
      .map((node: DomNode) => node.textContent ?? '')
      .join(''),
  );
}

/** Text with runs of whitespace collapsed and the ends trimmed, as it reads on screen. */
export function normalized(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** The computed `background-color` of the first element the locator finds. */
export function backgroundColor(locator: Locator): Promise<string> {
  return locator
    .first()
    .evaluate(
      (element: DomElement) => (globalThis as unknown as BrowserGlobals).getComputedStyle(element).backgroundColor,
    );
}

/** A webhook call from a test, with the User-Agent Discord requires. */
export async function callWebhook(method: string, url: string, body?: unknown): Promise<Response> {
  const response = await fetch(url, {
    method,
    headers: { 'user-agent': 'preview-browser-test', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url.replace(/\/webhooks\/.*/, '/webhooks/…')}: ${response.status}`);
  return response;
}

/** Posts with `wait=true` and returns the created message's id. */
export async function postMessage(webhookUrl: string, body: unknown): Promise<string> {
  const response = await callWebhook('POST', `${webhookUrl}?wait=true`, body);
  return ((await response.json()) as { id: string }).id;
}
