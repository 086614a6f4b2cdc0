import { weeklyPerformanceReport } from '../../src/workflows';
import { screenshot, describeWithChromium } from '../helpers/browser';
import { type RoutedWebhooks } from '../helpers/channels';
import { type TestDiscord } from '../helpers/emulator';
import { sourceFolder } from '../helpers/report-sources';
import { useRoutedSuite } from '../helpers/routed-suite';
import { backgroundColor, contentText, normalized, openPreview, shownMessage } from './preview-page';

describeWithChromium('the preview page renders the weekly report', (browser) => {
  let discord: TestDiscord;
  let routes: RoutedWebhooks;
  const { execute } = useRoutedSuite((suite) => ({ discord, routes } = suite));

  test('blue bar, the week in the title, missing days in the description, each figure with its ▲/▼ line', async () => {
    const day = (totalSpend: number, totalConversions: number) => ({
      totalSpend,
      totalConversions,
      costPerLead: 0,
      ctr: 2,
      optinRate: 10,
      closeRate: 5,
    });
    // The week before: 100 a day; this week: 150 a day, without Wednesday 2026-11-25.
    const dates = Array.from({ length: 14 }, (_, index) =>
      new Date(Date.UTC(2026, 10, 16 + index)).toISOString().slice(0, 10),
    );
    const source = sourceFolder('preview-weekly-').write(
      'metrics.json',
      Object.fromEntries(
        dates
          .filter((date) => date !== '2026-11-25')
          .map((date) => [date, date < '2026-11-23' ? day(100, 10) : day(150, 10)]),
      ),
    );
    await execute(weeklyPerformanceReport, [{ endDate: '2026-11-29' }], 'weekly', { METRICS_SOURCE: source });
    const [stored] = discord.emulator.messages(routes.webhooks.reports.id);
    const page = await openPreview(browser(), discord.emulator);
    const message = await shownMessage(page, stored!.message.id);

    expect(await contentText(message)).toBe('📊 Weekly Marketing Report');
    const embed = message.locator('discord-embed');
    expect(await backgroundColor(embed.locator('.discord-left-border'))).toBe('rgb(0, 153, 255)');
    expect(normalized(await embed.locator('.discord-embed-title').textContent())).toBe(
      'Performance - 2026-11-23 to 2026-11-29',
    );
    // Line breaks as the reader sees them (innerText), each line's whitespace collapsed. A field's title is drawn in
    // the component's shadow root, so its text is the value alone.
    const lines = (text: string) => text.split('\n').map(normalized).filter(Boolean);
    expect(lines(await embed.locator('discord-embed-description').innerText())).toEqual([
      'Consolidated metrics from all marketing channels, compared with 2026-11-16 to 2026-11-22',
      '⚠️ No data for 2026-11-25: figures cover 6 of 7 days.',
    ]);
    const fields = embed.locator('discord-embed-field');
    const shown = await Promise.all(
      (await fields.all()).map(async (field) => [
        await field.getAttribute('field-title'),
        lines(await field.innerText()),
      ]),
    );
    // 900 against 700; 60 against 70 conversions; $15.00 against $10.00 per lead; the rates did not move.
    expect(shown).toEqual([
      ['💰 Total Ad Spend', ['$900.00', '▲ 28.6%']],
      ['👥 Conversions', ['60', '▼ 14.3%']],
      ['📊 Cost Per Lead', ['$15.00', '▲ 50.0%']],
      ['🎯 CTR', ['2.00%', '= no change']],
      ['📥 Opt-in Rate', ['10.0%', '= no change']],
      ['✅ Close Rate', ['5.0%', '= no change']],
    ]);
    await screenshot(page, 'preview-weekly-report');
  });
});
