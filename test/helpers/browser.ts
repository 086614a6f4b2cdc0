import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findChromium } from '../setup/optional-tools';

/** `CHROMIUM_PATH`, else chromium, chromium-browser, google-chrome... on PATH (test/setup/optional-tools.js). */
const CHROMIUM = findChromium();

/** Where screenshots go; reports/ is git-ignored and kept as a CI artifact. */
export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'reports', 'screenshots');

/**
 * Flags for a headless, offline, reproducible Chromium: no sandbox (CI runs as root), no GPU, and none of the
 * background traffic (updates, sync, QUIC probes) a test machine without internet would stall on.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A browser suite: run where Chromium exists, skipped where it does not. The jest global set-up has already printed
 * the one line saying so, or failed the run where a browser is required (CI=true, REQUIRE_BROWSER=1). `suite`
 * receives the suite's one Chromium ({@link useChromium}).
 */
export function describeWithChromium(name: string, suite: (browser: () => Browser) => void): void {
  const withBrowser = () => suite(useChromium());
  if ('path' in CHROMIUM) describe(name, withBrowser);
  else describe.skip(name, withBrowser);
}

/**
 * Launches headless Chromium.
 * @throws {Error} when no Chromium was found (only reached when a suite runs without {@link describeWithChromium})
 */
export async function launchChromium(): Promise<Browser> {
  if (!('path' in CHROMIUM))
    throw new Error(`Chromium: ${'missing' in CHROMIUM ? CHROMIUM.missing : CHROMIUM.invalid}`);
  return chromium.launch({ executablePath: CHROMIUM.path, headless: true, args: CHROMIUM_ARGS });
}

/** Saves a full-page screenshot as `reports/screenshots/<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Collects uncaught errors thrown in the page, to assert it ran cleanly. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

/**
 * One Chromium for the suite, closed after it; every page a test opened is closed after the test (before the suite's
 * own clean-up). Returns the browser, launched before all tests.
 */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(async () => {
    for (const context of browser?.contexts() ?? []) await context.close();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium is not launched yet: use the browser inside a test or hook');
    return browser;
  };
}
