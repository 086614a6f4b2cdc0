import { type DiscordEmulator } from '../../src/emulator';
import { collectPageErrors, screenshot, describeWithChromium } from '../helpers/browser';
import { useTestDiscord } from '../helpers/routed-suite';
import { type BrowserGlobals, type DomElement, type DomParent } from './dom';
import { backgroundColor, contentText, normalized, openPreview, postMessage, shownMessage } from './preview-page';

describeWithChromium('the preview page with hostile messages', (browser) => {
  let emulator: DiscordEmulator;
  useTestDiscord((discord) => (emulator = discord.emulator), { emulatorPerTest: true });

  /** Every attacker-controlled string below tries to set this flag or open a dialog. */
  const SET_FLAG = 'window.pwned=1;alert(1)';
  const hostile = {
    content:
      `<img src=x onerror="${SET_FLAG}"> **bold** \\- \\* <@&123456789012345678> @everyone ` +
      `[x](javascript:${SET_FLAG}) <script>${SET_FLAG}</script>`,
    username: `<svg onload="${SET_FLAG}">`,
    embeds: [
      {
        title: `<img src=x onerror="${SET_FLAG}">`,
        description: `[click](javascript:${SET_FLAG}) <iframe src="javascript:${SET_FLAG}"></iframe>`,
        fields: [{ name: `<b onmouseover="${SET_FLAG}">f</b>`, value: `[y](JaVaScRiPt:${SET_FLAG})`, inline: true }],
        footer: { text: `<img src=x onerror="${SET_FLAG}">` },
      },
    ],
  };

  test('hostile markup renders as text, javascript: links never become links, and no script runs', async () => {
    const webhook = emulator.createWebhook({ name: 'Hostile' });
    const page = await openPreview(browser(), emulator);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const errors = collectPageErrors(page);
    // Sent once the page is live, so it is drawn with the listeners above in place.
    const id = await postMessage(webhook.url, hostile);
    const message = await shownMessage(page, id);
    // Click and hover everything a user might, to trigger any handler that slipped through.
    await message.locator('discord-message').click();
    await message.locator('discord-embed-description').click();
    await message.locator('discord-embed-field').click();
    await message.locator('discord-embed .discord-embed-title').hover();

    expect(await contentText(message)).toBe(
      `<img src=x onerror="${SET_FLAG}"> bold - * 123456789012345678 everyone x <script>${SET_FLAG}</script>`,
    );
    expect(await message.locator('discord-message > discord-bold').textContent()).toBe('bold');
    // A mention pill reads "@" (drawn in its shadow root) followed by its label.
    const role = message.locator('discord-message > discord-mention[data-mention="role"]');
    expect([await role.locator('.no-wrap').textContent(), await role.textContent()]).toEqual([
      '@',
      '123456789012345678',
    ]);
    const everyone = message.locator('discord-message > discord-mention[data-mention="everyone"]');
    expect([await everyone.locator('.no-wrap').textContent(), await everyone.textContent()]).toEqual(['@', 'everyone']);
    // Mentions are highlighted pills, not plain text.
    expect(await backgroundColor(role)).not.toBe('rgba(0, 0, 0, 0)');
    expect(await backgroundColor(everyone)).toBe(await backgroundColor(role));

    expect(normalized(await message.locator('discord-message .discord-author-username').textContent())).toBe(
      hostile.username,
    );
    const embed = message.locator('discord-embed');
    expect(normalized(await embed.locator('.discord-embed-title').textContent())).toBe(hostile.embeds[0]!.title);
    expect(normalized(await embed.locator('discord-embed-description').textContent())).toBe(
      `click <iframe src="javascript:${SET_FLAG}"></iframe>`,
    );
    expect(normalized(await embed.locator('discord-embed-field').getAttribute('field-title'))).toBe(
      hostile.embeds[0]!.fields[0]!.name,
    );

    // Searched through every shadow root: nothing from the message became an element or an event handler.
    const findings = await page.evaluate(() => {
      const g = globalThis as unknown as BrowserGlobals;
      const all: DomElement[] = [];
      const walk = (root: DomParent) => {
        for (const element of Array.from(root.querySelectorAll('*'))) {
          all.push(element);
          if (element.shadowRoot) walk(element.shadowRoot);
        }
      };
      walk(g.document);
      return {
        flag: g.pwned ?? null,
        handlers: all.flatMap((element) =>
          Array.from(element.attributes)
            .filter((attribute) => /^on/i.test(attribute.name))
            .map((attribute) => `${element.tagName}.${attribute.name}`),
        ),
        hostileTags: all
          .map((element) => element.tagName.toLowerCase())
          .filter((tag) => ['script', 'iframe', 'svg', 'b'].includes(tag)),
        images: all.filter((element) => element.tagName === 'IMG').map((element) => element.getAttribute('src')),
        scriptLinks: all
          .filter((element) => /^\s*javascript:/i.test(element.getAttribute('href') ?? ''))
          .map((element) => element.tagName),
      };
    });
    expect(findings.flag).toBeNull();
    expect(findings.handlers).toEqual([]);
    expect(findings.scriptLinks).toEqual([]);
    // The only script is the app's module; the only images are the local default avatar (and none with src=x).
    expect(findings.hostileTags.filter((tag) => tag !== 'script')).toEqual([]);
    expect(
      await page.locator('script').evaluateAll((all: DomElement[]) => all.map((s) => s.getAttribute('src'))),
    ).toEqual([null, '/_preview/app/app.js']);
    expect(findings.images).toEqual(['/_preview/default-avatar.svg']);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await screenshot(page, 'preview-xss-rendered-as-text');
  });
});
