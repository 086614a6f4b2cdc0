import { buildMessages } from '../../src/discord/builder';
import { campaignCompleted, campaignProgress, campaignStarted, progressPercent } from '../../src/messages/campaign';
import { errorAlert } from '../../src/messages/error-alert';
import { dateIn, dateTimeIn, discordTimestamp, formatMoney, preview, titleCase } from '../../src/messages/format';
import { hotLeadAlert } from '../../src/messages/hot-lead';
import { campaignPublished } from '../../src/messages/publishing';
import { dailyPerformanceReport, retargetingReport } from '../../src/messages/reports';
import { customNotification, connectionTest } from '../../src/messages/custom';
import { inlineFields, metricFields, SEED_LEAD, seedLeadEmbed, wideFields } from '../helpers/embeds';

const NOW = new Date('2026-11-28T08:05:09.000Z');

describe('formats', () => {
  test('money has a dollar sign, thousands separators and two decimals', () => {
    expect(formatMoney(1234567.5)).toBe('$1,234,567.50');
    expect(formatMoney(0)).toBe('$0.00');
  });

  test('titleCase behaves like Python str.title()', () => {
    expect(titleCase('linkedin')).toBe('Linkedin');
    expect(titleCase('FACEBOOK page')).toBe('Facebook Page');
    expect(titleCase('x')).toBe('X');
  });

  test('dates and times follow the time zone', () => {
    expect(dateIn(new Date('2026-11-28T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-11-29');
    expect(dateTimeIn(NOW, 'America/New_York')).toBe('2026-11-28 03:05:09 EST');
    expect(discordTimestamp(NOW)).toBe('<t:1795853109:F>');
  });

  test('preview cuts at 200 code points and adds ... only when cut', () => {
    expect(preview('a'.repeat(200))).toBe('a'.repeat(200));
    expect(preview('😀'.repeat(201))).toBe(`${'😀'.repeat(200)}...`);
  });
});

describe('templates', () => {
  test('hot-lead alert: the seed texts, red, inline fields and a Notion link', () => {
    expect(hotLeadAlert({ lead: SEED_LEAD, score: 85 }, NOW)).toEqual({
      content: '🔥 **HOT LEAD ALERT**',
      embeds: [seedLeadEmbed(85, '2026-11-28T08:05:09.000Z')],
    });
  });

  test('hot-lead alert shows the last name after the first, or alone', () => {
    const title = (lead: { firstName?: string; lastName?: string }) =>
      hotLeadAlert({ lead: { email: 'a@b.co', ...lead }, score: 90 }, NOW).embeds![0]!.title;
    expect(title({ firstName: 'Min-Ji', lastName: 'Park' })).toBe('Min-Ji Park - Score: 90');
    expect(title({ lastName: 'Park' })).toBe('Park - Score: 90');
    expect(title({ firstName: 'Min-Ji' })).toBe('Min-Ji - Score: 90');
    expect(title({ lastName: '**Park**' })).toBe('\\*\\*Park\\*\\* - Score: 90');
  });

  test('two long names are cut with … before the score, so the title keeps its score within 256 characters', () => {
    const [embed] = hotLeadAlert(
      { lead: { email: 'a@b.co', firstName: 'A'.repeat(200), lastName: '*'.repeat(200) }, score: 100 },
      NOW,
    ).embeds!;
    expect(embed!.title).toBe(`${'A'.repeat(200)} ${'\\*'.repeat(20)}… - Score: 100`);
    expect(Array.from(embed!.title!).length).toBe(255); // an escape is never split
  });

  test('hot-lead alert without a first name says Unknown and has no Notion link', () => {
    const [embed] = hotLeadAlert({ lead: { email: 'a@b.co' }, score: 80, stage: 'Demo Booked' }, NOW).embeds!;
    expect(embed!.title).toBe('Unknown - Score: 80');
    expect(embed!.url).toBeUndefined();
    expect(embed!.fields!.map((field) => field.name)).toEqual(['Email', 'Score', 'Stage']);
    expect(embed!.fields![2]!.value).toBe('Demo Booked');
  });

  test('daily report: six inline fields in the seed order with exact formats', () => {
    const notification = dailyPerformanceReport(
      {
        totalSpend: 12345.6,
        totalConversions: 1234,
        costPerLead: 10.004,
        ctr: 2.3456,
        optinRate: 12.34,
        closeRate: 4.05,
      },
      '2026-11-28',
      NOW,
    );
    expect(notification.content).toBe('📊 **Daily Marketing Report**');
    const [embed] = notification.embeds!;
    expect(embed!.title).toBe('Performance - 2026-11-28');
    expect(embed!.description).toBe('Consolidated metrics from all marketing channels');
    expect(embed!.color).toBe(0x0099ff);
    expect(embed!.fields).toEqual(metricFields('$12,345.60', '1,234', '$10.00', '2.35%', '12.3%', '4.1%'));
  });

  test('retargeting report: title counts audiences, description sums visitors and budgets exactly', () => {
    const audiences = [
      { name: 'Cart', usersCount: 1200, recommendedBudget: 0.1 },
      { name: 'Blog', usersCount: 30, recommendedBudget: 0.2 },
    ];
    const [embed] = retargetingReport({ audiences, totalVisitors: 5000 }, NOW).embeds!;
    expect(embed!.title).toBe('2-Audience Retargeting Status');
    expect(embed!.description).toBe('Total visitors processed: 5,000\nTotal daily budget: $0.30');
    expect(embed!.fields).toEqual(
      wideFields({ Cart: 'Users: 1,200 | Budget: $0.10/day', Blog: 'Users: 30 | Budget: $0.20/day' }),
    );
  });

  test('retargeting report with 60 audiences keeps every audience across embeds', () => {
    const audiences = Array.from({ length: 60 }, (_, i) => ({
      name: `Audience ${i + 1}`,
      usersCount: i,
      recommendedBudget: 1,
    }));
    const messages = buildMessages(retargetingReport({ audiences }, NOW));
    const names = messages.flatMap((message) =>
      (message.embeds ?? []).flatMap((embed) => (embed.fields ?? []).map((f) => f.name)),
    );
    expect(names).toEqual(audiences.map((audience) => audience.name));
  });

  test('publishing: description cut at 200 + "...", one inline field per post with a URL', () => {
    const notification = campaignPublished(
      {
        postContent: 'x'.repeat(250),
        posts: [
          { platform: 'linkedin', url: 'https://linkedin.com/p/1' },
          { platform: 'instagram' },
          { platform: 'facebook page', url: 'https://fb.com/a_(b)' },
        ],
      },
      NOW,
    );
    expect(notification.content).toBe('📱 **Social Media Post Published**');
    const [embed] = notification.embeds!;
    expect(embed!.title).toBe('Multi-Platform Publishing Complete');
    expect(embed!.description).toBe(`${'x'.repeat(200)}...`);
    expect(embed!.color).toBe(0x00ff00);
    expect(embed!.fields).toEqual(
      inlineFields({
        Linkedin: '[View Post](https://linkedin.com/p/1)',
        'Facebook Page': '[View Post](https://fb.com/a_%28b%29)',
      }),
    );
  });

  test('error alert: red, details default, time in the zone and as a Discord timestamp', () => {
    const notification = errorAlert({ flowName: 'lead-sync', errorMessage: 'Timeout' }, NOW, 'Europe/Berlin');
    expect(notification.content).toBe('❌ **Flow Error Alert**');
    const [embed] = notification.embeds!;
    expect(embed!.title).toBe('Error in lead-sync');
    expect(embed!.description).toBe('Timeout');
    expect(embed!.color).toBe(0xff0000);
    expect(embed!.fields).toEqual([
      ...wideFields({ Details: 'No additional details' }),
      ...inlineFields({ Time: '2026-11-28 09:05:09 GMT+1 (<t:1795853109:F>)' }),
    ]);
  });

  test('campaign start and completion follow the seed', () => {
    const started = campaignStarted('Black Friday', NOW);
    expect(started.content).toBe('🚀 **Campaign Started**');
    expect(started.embeds![0]).toMatchObject({
      author: { name: 'Black Friday' },
      title: 'Marketing Campaign Execution',
      description: 'Starting daily marketing automation...',
      color: 0x0099ff,
    });
    const completed = campaignCompleted('Black Friday', { total: 1200, success: 1190, failed: 10 }, NOW);
    expect(completed.content).toBe('✅ **Campaign Complete**');
    expect(completed.embeds![0]).toMatchObject({
      title: 'Execution Successful',
      description: 'Processed 1,200 items',
      color: 0x00ff00,
      fields: inlineFields({ Success: '1,190', Failed: '10' }),
    });
  });

  test('progress: 0/33/67/100 percent, blue then green, red naming the failed step', () => {
    const steps = ['Build audience', 'Send emails', 'Report'];
    expect([0, 1, 2, 3].map((completed) => progressPercent({ completed, steps }))).toEqual([0, 33, 67, 100]);
    const start = campaignProgress({ campaignName: 'C', steps, completed: 0, status: 'running' }, NOW);
    expect(start.content).toBe('🚀 Starting campaign...');
    expect(start.embeds![0]).toMatchObject({ title: 'Progress: 0%', color: 0x0099ff });
    expect(start.embeds![0]!.description).toContain('⏳ 1. Build audience\n⬜ 2. Send emails\n⬜ 3. Report');
    const middle = campaignProgress({ campaignName: 'C', steps, completed: 1, status: 'running' }, NOW);
    expect(middle.content).toBe('📊 Step 1 complete');
    expect(middle.embeds![0]!.title).toBe('Progress: 33%');
    const done = campaignProgress({ campaignName: 'C', steps, completed: 3, status: 'done' }, NOW);
    expect(done.content).toBe('✅ All steps complete!');
    expect(done.embeds![0]).toMatchObject({ title: 'Progress: 100%', color: 0x00ff00 });
    const failed = campaignProgress(
      {
        campaignName: 'C',
        steps,
        completed: 1,
        status: 'failed',
        failure: { step: 'Send emails', message: 'SMTP down' },
      },
      NOW,
    );
    expect(failed.embeds![0]).toMatchObject({ title: 'Progress: 33%', color: 0xff0000 });
    expect(failed.embeds![0]!.description).toContain('❌ 2. Send emails');
    expect(failed.embeds![0]!.description).toContain('Failed at step 2: **Send emails**\nSMTP down');
  });

  test('custom notification: embed only with a title, description or fields; blue by default', () => {
    expect(customNotification({ content: 'hi' }, NOW)).toEqual({ content: 'hi' });
    expect(customNotification({ title: 'T' }, NOW).embeds).toEqual([
      { title: 'T', color: 0x0099ff, timestamp: '2026-11-28T08:05:09.000Z' },
    ]);
  });

  test('connection test: the seed text and a green System Test embed', () => {
    expect(connectionTest(NOW)).toEqual({
      content: '✅ **Temporal Marketing Automation Connected!**',
      embeds: [
        {
          title: 'System Test',
          description: 'Discord webhook is working correctly',
          color: 0x00ff00,
          timestamp: '2026-11-28T08:05:09.000Z',
        },
      ],
    });
  });

  test('untrusted lead names cannot ping or format', () => {
    const notification = hotLeadAlert(
      { lead: { firstName: '@everyone <@&123> **x**', email: 'a@b.co' }, score: 99 },
      NOW,
    );
    const [message] = buildMessages(notification);
    expect(message!.allowed_mentions).toEqual({ parse: [] });
    const title = message!.embeds![0]!.title!;
    expect(title).not.toContain('@everyone');
    expect(title).not.toContain('<@&123>');
    expect(title).not.toContain('**x**');
  });
});
