import { randomUUID } from 'node:crypto';
import { ScheduleNotFoundError, type Client, type ScheduleDescription } from '@temporalio/client';
import { dateIn } from '../src/messages/format';
import { addDays } from '../src/messages/weekly-figures';
import { type systemHealthCheck, type weeklyPerformanceReport } from '../src/workflows';
import { applySchedules, desiredSchedules, MANAGED_MEMO } from '../src/schedules';
import { CATCHUP_WINDOW_MS } from '../src/vocabulary';
import { eventually, runCli } from './cli/helpers';
import { postsOnlyTo, routedWebhooks } from './helpers/channels';
import { type TestDiscord } from './helpers/emulator';
import { testConfig, uniqueTaskQueue, withWorker } from './helpers/temporal';
import { useEmulatorAndClient } from './helpers/routed-suite';

let discord: TestDiscord;
let client: Client;

useEmulatorAndClient((suite) => {
  ({ discord, client } = suite);
});

/** A prefix of its own per test, so tests (and test files) never touch each other's schedules. */
const uniquePrefix = () => `t${randomUUID().slice(0, 8)}-`;
const describeSchedule = (id: string) => client.schedule.getHandle(id).describe();

/** Ids of the schedules whose id starts with `prefix`, once the (eventually consistent) list shows `count`. */
async function listedIds(prefix: string, count: number): Promise<string[]> {
  return eventually(async () => {
    const ids: string[] = [];
    for await (const schedule of client.schedule.list())
      if (schedule.scheduleId.startsWith(prefix)) ids.push(schedule.scheduleId);
    return ids.length === count ? ids.sort() : undefined;
  });
}

/** The parts of a described schedule that `apply` owns. */
function owned(schedule: ScheduleDescription) {
  return {
    spec: schedule.spec,
    action: {
      workflowType: schedule.action.workflowType,
      workflowId: schedule.action.workflowId,
      taskQueue: schedule.action.taskQueue,
      args: schedule.action.args,
    },
    policies: schedule.policies,
    memo: schedule.memo,
    paused: schedule.state.paused,
  };
}

const everyDayAt = (hour: number, minute: number, comment: string) => ({
  second: [{ start: 0, end: 0, step: 1 }],
  minute: [{ start: minute, end: minute, step: 1 }],
  hour: [{ start: hour, end: hour, step: 1 }],
  dayOfMonth: [{ start: 1, end: 31, step: 1 }],
  month: [{ start: 'JANUARY', end: 'DECEMBER', step: 1 }],
  year: [],
  dayOfWeek: [{ start: 'SUNDAY', end: 'SATURDAY', step: 1 }],
  comment,
});

describe('applySchedules on the dev server', () => {
  test('creates exactly the three report schedules and the system-health one, then a second apply changes nothing', async () => {
    const prefix = uniquePrefix();
    const taskQueue = uniqueTaskQueue('schedules');
    const config = testConfig({ TEMPORAL_TASK_QUEUE: taskQueue, REPORT_TIMEZONE: 'America/New_York' });
    const desired = desiredSchedules(config, { idPrefix: prefix });

    const first = await applySchedules(client, desired);
    expect(first.map(({ scheduleId, outcome, changes }) => ({ scheduleId, outcome, changes }))).toEqual([
      { scheduleId: `${prefix}daily-performance-report`, outcome: 'created', changes: [] },
      { scheduleId: `${prefix}retargeting-report`, outcome: 'created', changes: [] },
      { scheduleId: `${prefix}weekly-performance-report`, outcome: 'created', changes: [] },
      { scheduleId: `${prefix}system-health`, outcome: 'created', changes: [] },
    ]);
    const before = await Promise.all(desired.map((schedule) => describeSchedule(schedule.scheduleId)));
    const second = await applySchedules(client, desired);
    expect(second.map((result) => [result.outcome, result.changes])).toEqual([
      ['unchanged', []],
      ['unchanged', []],
      ['unchanged', []],
      ['unchanged', []],
    ]);

    expect(await listedIds(prefix, 4)).toEqual([
      `${prefix}daily-performance-report`,
      `${prefix}retargeting-report`,
      `${prefix}system-health`,
      `${prefix}weekly-performance-report`,
    ]);
    const [daily, retargeting, weekly, health] = await Promise.all(
      desired.map((schedule) => describeSchedule(schedule.scheduleId)),
    );
    // Not touched by the second apply.
    expect(daily!.info.lastUpdatedAt).toEqual(before[0]!.info.lastUpdatedAt);
    expect(retargeting!.info.lastUpdatedAt).toEqual(before[1]!.info.lastUpdatedAt);
    const policies = { overlap: 'SKIP', catchupWindow: 3_600_000, pauseOnFailure: false };
    expect(CATCHUP_WINDOW_MS).toBe(3_600_000);
    // A report schedule: one calendar in REPORT_TIMEZONE, the report's workflow without input, the shared policies.
    const reportSchedule = (workflowType: string, id: string, calendar: object) => ({
      spec: { calendars: [calendar], intervals: [], skip: [], timezone: 'America/New_York' },
      action: { workflowType, workflowId: `${prefix}${id}`, taskQueue, args: [{}] },
      policies,
      memo: { ...MANAGED_MEMO },
      paused: false,
    });
    expect(owned(daily!)).toEqual(
      reportSchedule('dailyPerformanceReport', 'daily-performance-report', everyDayAt(9, 0, 'every day at 09:00')),
    );
    expect(owned(retargeting!)).toEqual(
      reportSchedule('retargetingReport', 'retargeting-report', everyDayAt(9, 30, 'every day at 09:30')),
    );
    // The weekly report: Mondays at 09:00 (WEEKLY_REPORT_DAY, WEEKLY_REPORT_TIME), covering the seven days up to Sunday.
    expect(owned(weekly!)).toEqual(
      reportSchedule('weeklyPerformanceReport', 'weekly-performance-report', {
        ...everyDayAt(9, 0, 'every monday at 09:00'),
        dayOfWeek: [{ start: 'MONDAY', end: 'MONDAY', step: 1 }],
      }),
    );
    const nextWeekly = weekly!.info.nextActionTimes[0]!;
    expect(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'America/New_York',
        weekday: 'long',
        hour: '2-digit',
        minute: '2-digit',
      }).format(nextWeekly),
    ).toBe('Monday 09:00');
    // The health check every 5 minutes, one at a time, one missed check made up after an outage.
    expect(owned(health!)).toEqual({
      spec: expect.objectContaining({ calendars: [], intervals: [{ every: 300_000, offset: undefined }], skip: [] }),
      action: { workflowType: 'systemHealthCheck', workflowId: `${prefix}system-health`, taskQueue, args: [{}] },
      policies: { overlap: 'SKIP', catchupWindow: 300_000, pauseOnFailure: false },
      memo: { ...MANAGED_MEMO },
      paused: false,
    });
    // The next run is 09:00 New York time.
    const next = daily!.info.nextActionTimes[0]!;
    expect(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit' }).format(
        next,
      ),
    ).toBe('09:00');
  });

  test('a changed time or zone is updated in place, a paused schedule stays paused, and --dry-run changes nothing', async () => {
    const prefix = uniquePrefix();
    const taskQueue = uniqueTaskQueue('schedules');
    await applySchedules(
      client,
      desiredSchedules(testConfig({ TEMPORAL_TASK_QUEUE: taskQueue }), { idPrefix: prefix }),
    );
    await client.schedule.getHandle(`${prefix}retargeting-report`).pause('holiday');

    const changed = desiredSchedules(
      testConfig({ TEMPORAL_TASK_QUEUE: taskQueue, DAILY_REPORT_TIME: '07:45', REPORT_TIMEZONE: 'Europe/Berlin' }),
      { idPrefix: prefix },
    );
    const dryRun = await applySchedules(client, changed, { dryRun: true });
    expect(dryRun.map((result) => [result.outcome, result.changes.map((change) => change.part)])).toEqual([
      ['updated', ['spec', 'timezone']],
      ['updated', ['timezone']],
      ['updated', ['timezone']],
      ['unchanged', []],
    ]);
    expect((await describeSchedule(`${prefix}daily-performance-report`)).spec.timezone).toBe('UTC');

    const applied = await applySchedules(client, changed);
    expect(applied.map((result) => result.outcome)).toEqual(['updated', 'updated', 'updated', 'unchanged']);
    expect(applied[1]!.changes).toEqual([{ part: 'timezone', from: 'UTC', to: 'Europe/Berlin' }]);
    const daily = await describeSchedule(`${prefix}daily-performance-report`);
    expect(daily.spec.calendars).toEqual([everyDayAt(7, 45, 'every day at 07:45')]);
    expect(daily.spec.timezone).toBe('Europe/Berlin');
    const retargeting = await describeSchedule(`${prefix}retargeting-report`);
    expect(retargeting.state).toMatchObject({ paused: true, note: 'holiday' });
    expect(retargeting.spec.timezone).toBe('Europe/Berlin');

    expect((await applySchedules(client, changed)).map((result) => result.outcome)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
  });

  test('an edited action or policy is put back', async () => {
    const prefix = uniquePrefix();
    const config = testConfig({ TEMPORAL_TASK_QUEUE: uniqueTaskQueue('schedules') });
    const desired = desiredSchedules(config, { idPrefix: prefix });
    await applySchedules(client, desired);
    await client.schedule.getHandle(`${prefix}daily-performance-report`).update((previous) => ({
      ...previous,
      action: { ...previous.action, taskQueue: 'somewhere-else', args: [{ date: '2026-01-01' }] },
      policies: { ...previous.policies, overlap: 'ALLOW_ALL', catchupWindow: '1 day' },
    }));
    const [daily] = await applySchedules(client, desired);
    expect(daily!.outcome).toBe('updated');
    expect(daily!.changes.map((change) => change.part)).toEqual(['action', 'policies']);
    const described = await describeSchedule(`${prefix}daily-performance-report`);
    expect(described.action).toMatchObject({ taskQueue: config.temporal.taskQueue, args: [{}] });
    expect(described.policies).toEqual({ overlap: 'SKIP', catchupWindow: 3_600_000, pauseOnFailure: false });
  });
});

describe('npx discord-notify schedules …', () => {
  test('apply prints created, then unchanged; --dry-run prints what it would do', async () => {
    const prefix = uniquePrefix();
    const env = {
      TEMPORAL_TASK_QUEUE: uniqueTaskQueue('schedules'),
      METRICS_SOURCE: 'https://bi.example/metrics',
      AUDIENCES_SOURCE: 'https://bi.example/audiences',
    };
    expect(await runCli(['schedules', 'apply', '--dry-run', '--id-prefix', prefix], env)).toEqual({
      code: 0,
      out: [
        `${prefix}daily-performance-report: would be created (every day at 09:00 UTC)`,
        `${prefix}retargeting-report: would be created (every day at 09:30 UTC)`,
        `${prefix}weekly-performance-report: would be created (on MONDAY at 09:00 UTC)`,
        `${prefix}system-health: would be created (every 5m UTC)`,
        'Dry run: nothing was changed.',
      ].join('\n'),
      err: '',
    });
    await expect(describeSchedule(`${prefix}daily-performance-report`)).rejects.toBeInstanceOf(ScheduleNotFoundError);
    expect(await runCli(['schedules', 'apply', '--id-prefix', prefix], env)).toEqual({
      code: 0,
      out: `${prefix}daily-performance-report: created (every day at 09:00 UTC)\n${prefix}retargeting-report: created (every day at 09:30 UTC)\n${prefix}weekly-performance-report: created (on MONDAY at 09:00 UTC)\n${prefix}system-health: created (every 5m UTC)`,
      err: '',
    });
    expect(await runCli(['schedules', 'apply', '--id-prefix', prefix], env)).toEqual({
      code: 0,
      out: `${prefix}daily-performance-report: unchanged (every day at 09:00 UTC)\n${prefix}retargeting-report: unchanged (every day at 09:30 UTC)\n${prefix}weekly-performance-report: unchanged (on MONDAY at 09:00 UTC)\n${prefix}system-health: unchanged (every 5m UTC)`,
      err: '',
    });
    const moved = await runCli(['schedules', 'apply', '--id-prefix', prefix], { ...env, DAILY_REPORT_TIME: '08:00' });
    expect(moved.out.split('\n')).toEqual([
      `${prefix}daily-performance-report: updated (every day at 08:00 UTC)`,
      '  spec: every day at 09:00 -> every day at 08:00',
      `${prefix}retargeting-report: unchanged (every day at 09:30 UTC)`,
      `${prefix}weekly-performance-report: unchanged (on MONDAY at 09:00 UTC)`,
      `${prefix}system-health: unchanged (every 5m UTC)`,
    ]);
    const friday = await runCli(['schedules', 'apply', '--id-prefix', prefix], {
      ...env,
      DAILY_REPORT_TIME: '08:00',
      WEEKLY_REPORT_DAY: 'fri',
      WEEKLY_REPORT_TIME: '17:30',
    });
    expect(friday.out.split('\n').slice(2, 4)).toEqual([
      `${prefix}weekly-performance-report: updated (on FRIDAY at 17:30 UTC)`,
      '  spec: on MONDAY at 09:00 -> on FRIDAY at 17:30',
    ]);
    const faster = await runCli(['schedules', 'apply', '--id-prefix', prefix], {
      ...env,
      DAILY_REPORT_TIME: '08:00',
      HEALTH_CHECK_INTERVAL: '90s',
    });
    expect(faster.out.split('\n').slice(-3)).toEqual([
      `${prefix}system-health: updated (every 90s UTC)`,
      '  spec: every 5m -> every 90s',
      '  policies: overlap SKIP, catch-up window 5m -> overlap SKIP, catch-up window 90s',
    ]);
  });

  test('apply warns on stderr, before anything is created, about a report whose source is unset outside the local demo', async () => {
    const prefix = uniquePrefix();
    const env = { TEMPORAL_TASK_QUEUE: uniqueTaskQueue('schedules'), METRICS_SOURCE: 'https://bi.example/metrics' };
    const run = await runCli(['schedules', 'apply', '--dry-run', '--id-prefix', prefix], env);
    expect(run.code).toBe(0);
    expect(run.err).toBe(
      `warning: AUDIENCES_SOURCE is not set: ${prefix}retargeting-report will fail every run (InvalidReportSource) ` +
        "and post nothing, unless the worker's environment sets it. Sample data is used only in the local demo " +
        '(every webhook on DISCORD_ALLOWED_HOSTS). See README "Report data".',
    );
    expect(run.out.split('\n')).toHaveLength(5);
    const demo = await runCli(['schedules', 'apply', '--dry-run', '--id-prefix', prefix], {
      ...env,
      ...routedWebhooks(discord).env,
      METRICS_SOURCE: '',
    });
    expect([demo.code, demo.err]).toEqual([0, '']);
  });

  test('trigger starts a report now: it reaches the reports channel under a workflow id prefixed with the schedule id', async () => {
    const prefix = uniquePrefix();
    const routes = routedWebhooks(discord);
    await withWorker({ env: routes.env }, async ({ config }) => {
      await applySchedules(client, desiredSchedules(config, { idPrefix: prefix }));
      const id = `${prefix}daily-performance-report`;
      const run = await runCli(['schedules', 'trigger', id], { TEMPORAL_TASK_QUEUE: config.temporal.taskQueue });
      expect(run).toEqual({
        code: 0,
        out: `Triggered ${id}: one run starts now. Runs: http://localhost:8233/namespaces/default/schedules/${id}`,
        err: '',
      });
      const [post] = await eventually(() => {
        const posts = discord.posts(routes.webhooks.reports);
        return posts.length > 0 ? posts : undefined;
      });
      expect((post!.body as { content: string }).content).toBe('📊 **Daily Marketing Report**');
      const recent = (await describeSchedule(id)).info.recentActions;
      expect(recent).toHaveLength(1);
      expect(recent[0]!.action.workflow.workflowId.startsWith(`${id}-`)).toBe(true);
    });
    expect(routes.postsByChannel()).toEqual(postsOnlyTo('reports'));
  });

  test('weekly-performance-report: trigger sends the week up to yesterday; list, pause, unpause and delete it', async () => {
    const prefix = uniquePrefix();
    const routes = routedWebhooks(discord);
    const id = `${prefix}weekly-performance-report`;
    await withWorker({ env: { ...routes.env, WEEKLY_REPORT_DAY: 'sunday' } }, async ({ config }) => {
      const cli = (...argv: string[]) =>
        runCli(argv, { ...routes.env, WEEKLY_REPORT_DAY: 'sunday', TEMPORAL_TASK_QUEUE: config.temporal.taskQueue });
      expect((await cli('schedules', 'apply', '--id-prefix', prefix)).out.split('\n')[2]).toBe(
        `${id}: created (on SUNDAY at 09:00 UTC)`,
      );
      expect((await cli('schedules', 'trigger', id)).code).toBe(0);
      const action = await eventually(async () => (await describeSchedule(id)).info.recentActions[0]);
      expect(action.action.workflow.workflowId.startsWith(`${id}-`)).toBe(true);
      const result = await client.workflow
        .getHandle<typeof weeklyPerformanceReport>(action.action.workflow.workflowId)
        .result();
      const yesterday = addDays(dateIn(new Date(), 'UTC'), -1);
      expect(result).toMatchObject({ status: 'sent', channel: 'reports', endDate: yesterday, sampleData: true });
      const [post, ...more] = discord.posts(routes.webhooks.reports);
      expect(more).toEqual([]);
      const body = post!.body as { content: string; embeds: { title: string }[] };
      expect([body.content, body.embeds[0]!.title]).toEqual([
        '📊 **Weekly Marketing Report**',
        `Performance - ${addDays(yesterday, -6)} to ${yesterday}`,
      ]);

      const row = (await cli('schedules', 'list')).out.split('\n').find((line) => line.startsWith(`${id} `));
      expect(row?.split(/ {2,}/).slice(0, 3)).toEqual([id, 'weeklyPerformanceReport', 'on SUNDAY at 09:00 UTC']);
      expect((await cli('schedules', 'pause', id, '--note', 'quarter close')).code).toBe(0);
      expect((await describeSchedule(id)).state).toMatchObject({ paused: true, note: 'quarter close' });
      expect((await cli('schedules', 'unpause', id)).out).toMatch(
        new RegExp(`^Unpaused ${id}; next run \\d{4}-\\d{2}-\\d{2} 09:00:00 UTC$`),
      );
      expect(await cli('schedules', 'delete', id)).toEqual({
        code: 0,
        out: `Deleted ${id}. Runs it started stay in the workflow history.`,
        err: '',
      });
      await expect(describeSchedule(id)).rejects.toBeInstanceOf(ScheduleNotFoundError);
    });
  });

  test('system-health: trigger runs a check (the first starts the watch, the next reports), list, pause and unpause', async () => {
    const prefix = uniquePrefix();
    const other = uniqueTaskQueue('other-pipeline');
    const health = discord.emulator.createWebhook({ name: 'Health' });
    const env = { ...discord.env({ health }), HEALTH_WATCH_QUERY: `TaskQueue = '${other}'` };
    const id = `${prefix}system-health`;
    const failedId = `export-${randomUUID()}`;
    await withWorker({ env }, async ({ config }) => {
      const cli = (...argv: string[]) => runCli(argv, { ...env, TEMPORAL_TASK_QUEUE: config.temporal.taskQueue });
      expect((await cli('schedules', 'apply', '--id-prefix', prefix)).out.split('\n').at(-1)).toBe(
        `${id}: created (every 5m UTC)`,
      );
      /** Triggers the schedule and returns the result of the check it started. */
      const trigger = async (runs: number) => {
        expect((await cli('schedules', 'trigger', id)).code).toBe(0);
        const action = await eventually(async () => (await describeSchedule(id)).info.recentActions[runs - 1]);
        expect(action.action.workflow.workflowId.startsWith(`${id}-`)).toBe(true);
        return client.workflow.getHandle<typeof systemHealthCheck>(action.action.workflow.workflowId).result();
      };
      expect(await trigger(1)).toMatchObject({ status: 'completed', firstCheck: true, failures: 0 });
      const handle = await client.workflow.start('nightlyExport', { taskQueue: other, workflowId: failedId, args: [] });
      await handle.terminate('disk full');
      await eventually(async () =>
        (await client.workflow.count(`TaskQueue = '${other}'`)).count === 1 ? true : undefined,
      );
      expect(await trigger(2)).toMatchObject({ status: 'completed', firstCheck: false, failures: 1 });

      const row = (await cli('schedules', 'list')).out.split('\n').find((line) => line.startsWith(`${id} `));
      expect(row?.split(/ {2,}/).slice(0, 3)).toEqual([id, 'systemHealthCheck', 'every 5m UTC']);
      expect((await cli('schedules', 'pause', id, '--note', 'maintenance')).code).toBe(0);
      expect((await describeSchedule(id)).state).toMatchObject({ paused: true, note: 'maintenance' });
      expect((await cli('schedules', 'unpause', id)).out).toMatch(new RegExp(`^Unpaused ${id}; next run \\d{4}-`));
    });
    const [message, ...more] = discord.posts(health);
    expect(more).toEqual([]);
    const body = message!.body as { embeds: { title: string; fields: { value: string }[] }[] };
    expect(body.embeds.map((embed) => [embed.title, embed.fields[0]!.value])).toEqual([
      ['Terminated: nightlyExport', failedId],
    ]);
  });

  test('list shows id, workflow, when in words, next run and paused; pause and unpause show in describe', async () => {
    const prefix = uniquePrefix();
    const env = { TEMPORAL_TASK_QUEUE: uniqueTaskQueue('schedules'), REPORT_TIMEZONE: 'Asia/Seoul' };
    await runCli(['schedules', 'apply', '--id-prefix', prefix], env);
    const id = `${prefix}retargeting-report`;
    await listedIds(prefix, 4);

    expect(await runCli(['schedules', 'pause', id, '--note', 'Chuseok week'], env)).toEqual({
      code: 0,
      out: `Paused ${id}. Resume with: npx discord-notify schedules unpause ${id}`,
      err: '',
    });
    expect((await describeSchedule(id)).state).toMatchObject({ paused: true, note: 'Chuseok week' });

    const list = await runCli(['schedules', 'list'], env);
    expect(list.code).toBe(0);
    const lines = list.out.split('\n');
    expect(lines[0]).toMatch(/^ID +WORKFLOW +WHEN +NEXT RUN +PAUSED$/);
    const row = (scheduleId: string) => lines.find((line) => line.startsWith(`${scheduleId} `))?.split(/ {2,}/);
    const daily = await describeSchedule(`${prefix}daily-performance-report`);
    const nextDaily = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Seoul', dateStyle: 'short' }).format(
      daily.info.nextActionTimes[0],
    );
    expect(row(`${prefix}daily-performance-report`)).toEqual([
      `${prefix}daily-performance-report`,
      'dailyPerformanceReport',
      'every day at 09:00 Asia/Seoul',
      `${nextDaily} 09:00:00 GMT+9`,
      'no',
    ]);
    expect(row(id)).toEqual([id, 'retargetingReport', 'every day at 09:30 Asia/Seoul', '-', 'yes (Chuseok week)']);

    const unpaused = await runCli(['schedules', 'unpause', id], env);
    expect(unpaused.code).toBe(0);
    expect(unpaused.out).toMatch(new RegExp(`^Unpaused ${id}; next run \\d{4}-\\d{2}-\\d{2} 09:30:00 GMT\\+9$`));
    expect((await describeSchedule(id)).state).toMatchObject({
      paused: false,
      note: 'Unpaused with `npx discord-notify schedules unpause`',
    });
  });

  test('delete removes the schedule', async () => {
    const prefix = uniquePrefix();
    await runCli(['schedules', 'apply', '--id-prefix', prefix], { TEMPORAL_TASK_QUEUE: uniqueTaskQueue('schedules') });
    const id = `${prefix}daily-performance-report`;
    expect(await runCli(['schedules', 'delete', id])).toEqual({
      code: 0,
      out: `Deleted ${id}. Runs it started stay in the workflow history.`,
      err: '',
    });
    await expect(describeSchedule(id)).rejects.toBeInstanceOf(ScheduleNotFoundError);
    await expect(describeSchedule(`${prefix}retargeting-report`)).resolves.toMatchObject({
      scheduleId: `${prefix}retargeting-report`,
    });
  });

  test.each([['trigger'], ['pause'], ['unpause'], ['delete']])(
    '%s of a schedule that does not exist exits 4 naming it',
    async (sub) => {
      const id = `${uniquePrefix()}no-such-schedule`;
      expect(await runCli(['schedules', sub, id])).toEqual({
        code: 4,
        out: '',
        err: `schedule "${id}" does not exist in namespace default; \`npx discord-notify schedules list\` shows the ones that do`,
      });
    },
  );
});
