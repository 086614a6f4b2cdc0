// fast-check arbitraries for the workflows' inputs: shaped like each schema but with hostile values (unicode that
// stresses counting and trimming, markdown and mention syntax, sizes at and past every cap, odd numbers), and junk.
import fc from 'fast-check';
import type { WorkflowType } from '../../src/inputs/workflows';

/** One seed for every property, printed in the test names; `FC_SEED=<n>` replays another. */
export const SEED = Number(process.env.FC_SEED ?? 20_261_128);

const NASTY = [
  '😀',
  '👩‍👩‍👧‍👦',
  '\ud800',
  '\udfff',
  '\u0000',
  ' ',
  '\n',
  '\t',
  '\u3000',
  '\x1c',
  '\u200b',
  '\ufeff',
  '\u202e',
  'é',
  'e\u0301\u0301\u0301',
  '**',
  '```',
  '||',
  '> ',
  '# ',
  '-# ',
  '1. ',
  '[x](http://evil.example)',
  '@everyone',
  '@here',
  '<@123456789012345678>',
  '<@&223456789012345678>',
  '<#323456789012345678>',
  '<t:1700000000:R>',
  '\\',
  'https://example.com/a b',
] as const;

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
);

/** Text up to about `max` code points, sometimes just past it, sometimes blank. */
export function hostileText(max: number): fc.Arbitrary<string> {
  const around = (n: number) => fc.integer({ min: Math.max(1, n - 3), max: n + 3 });
  return fc.oneof(
    { weight: 6, arbitrary: fc.array(piece, { maxLength: 10 }).map((parts) => parts.join('')) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n\t ', '\u3000\u2028') },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('x', '😀', 'é', '*', '\n', ' ', '@everyone '), around(max))
        .map(([p, n]) => p.repeat(n)),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(piece, fc.integer({ min: 1, max: Math.min(max, 400) })).map(([p, n]) => p.repeat(n)),
    },
  );
}

/** Numbers at every edge a schema may get wrong. */
export const edgyNumber = fc.oneof(
  fc.integer({ min: -5, max: 120 }),
  fc.constantFrom(
    0,
    -0,
    0.5,
    1e-9,
    99.999,
    100,
    101,
    2 ** 31,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    1e21,
    1e308,
    -1e308,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const count = fc.oneof(fc.nat({ max: 2_000_000 }), edgyNumber);

const snowflake = fc.oneof(
  fc.bigInt({ min: 10n ** 16n, max: 2n ** 64n - 1n }).map(String),
  fc.constantFrom('0', '123', '99999999999999999999999', 'abc'),
);
const url = fc.oneof(
  fc.constantFrom(
    'https://example.com/a',
    'http://example.com/a?b=ü#x',
    'https://notion.so/page%20id',
    'https://xn--nxasmq6b.example/ünï',
    'https://example.com/' + 'a'.repeat(2_030),
    'https://example.com/' + 'a'.repeat(2_040),
    'ftp://example.com/x',
    'javascript:alert(1)',
    'https://exa mple.com',
    'https://[::1]/x',
    'http://localhost:8080/)(',
  ),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
);
const channel = fc.oneof(
  fc.constantFrom(
    'alerts',
    'REPORTS',
    'slow_1',
    '__proto__',
    'constructor',
    'x'.repeat(64),
    'x'.repeat(65),
    'bad-name',
    '',
  ),
  fc.stringMatching(/^[A-Za-z0-9_]{1,10}$/),
);
const opt = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 3 });
const record = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T) =>
  fc.record(model, { requiredKeys: [] }).map((value) => JSON.parse(JSON.stringify(value ?? {})) as unknown);

const lead = fc.record(
  {
    firstName: hostileText(256),
    lastName: hostileText(256),
    email: fc.oneof(fc.emailAddress(), fc.constantFrom('x@y.co', 'not-an-email', `${'a'.repeat(310)}@example.com`)),
    notionId: fc.oneof(fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/), fc.constantFrom('x)](evil', 'a'.repeat(201))),
    company: hostileText(256),
  },
  { requiredKeys: ['email'] },
);
const metrics = fc.record({
  totalSpend: edgyNumber,
  totalConversions: count,
  costPerLead: edgyNumber,
  ctr: edgyNumber,
  optinRate: edgyNumber,
  closeRate: edgyNumber,
});
/** A report date: any real calendar day, or one of the almost-dates a user types. */
const reportDate = fc.oneof(
  fc
    .date({ min: new Date('1900-01-01'), max: new Date('2200-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('2026-02-29', '2024-02-29', '2026-13-01', '26-11-28', ''),
);
const audience = fc.record({ name: hostileText(256), usersCount: count, recommendedBudget: edgyNumber });
const stepArgs = fc.array(
  record({
    durationMs: fc.integer({ min: 0, max: 200 }),
    fail: fc.oneof(fc.boolean(), hostileText(1_000)),
    items: count,
    failedItems: count,
  }),
  { maxLength: 2 },
);
const workflowTypeName = fc.oneof(
  fc.constantFrom('simulatedCampaignStep', 'noSuchWorkflow', '1bad', 'x'.repeat(129)),
  fc.constantFrom('simulatedCampaignStep'),
);

/** Schema-shaped, hostile inputs of each workflow type. */
export const SHAPED: Record<WorkflowType, fc.Arbitrary<unknown>> = {
  sendNotification: record({
    channel,
    content: hostileText(20_000),
    title: hostileText(1_000),
    description: hostileText(20_000),
    url,
    color: fc.oneof(fc.integer({ min: -1, max: 0x1000000 }), fc.constantFrom('red', 'gray', 'pink', 'RED')),
    fields: fc.array(
      fc.record(
        { name: hostileText(1_000), value: hostileText(20_000), inline: opt(fc.boolean()) },
        { requiredKeys: ['name', 'value'] },
      ),
      { maxLength: 40 },
    ),
    footer: hostileText(2_048),
    mentions: record({
      users: fc.array(snowflake, { maxLength: 5 }),
      roles: fc.array(snowflake, { maxLength: 5 }),
      everyone: fc.boolean(),
    }),
    threadId: snowflake,
  }),
  testWebhook: record({ channel }),
  hotLeadAlert: record({ lead, score: edgyNumber, stage: hostileText(256), channel }),
  dailyPerformanceReport: record({ date: reportDate, metrics, channel }),
  weeklyPerformanceReport: record({ endDate: reportDate, channel }),
  retargetingReport: record({ audiences: fc.array(audience, { maxLength: 30 }), totalVisitors: count, channel }),
  campaignPublished: record({
    postContent: hostileText(20_000),
    posts: fc.array(fc.record({ platform: hostileText(64), url: opt(url) }, { requiredKeys: ['platform'] }), {
      maxLength: 12,
    }),
    channel,
  }),
  errorAlert: record({
    flowName: hostileText(200),
    errorMessage: hostileText(50_000),
    details: hostileText(20_000),
    channel,
  }),
  campaignWithNotifications: record({ campaignName: hostileText(200), workflowType: workflowTypeName, args: stepArgs }),
  campaignWithProgress: record({
    campaignName: hostileText(200),
    steps: fc.array(record({ name: hostileText(100), workflowType: workflowTypeName, args: stepArgs }), {
      maxLength: 6,
    }),
  }),
  simulatedCampaignStep: record({
    durationMs: fc.integer({ min: -1, max: 200 }),
    fail: fc.oneof(fc.boolean(), hostileText(1_000)),
    items: count,
    failedItems: count,
  }),
  systemHealthCheck: record({ channel }),
};

/** Anything JSON can carry, including keys a schema must refuse (`__proto__`, `constructor`). */
export const JUNK: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, [], '', 0, JSON.parse('{"__proto__": {"polluted": true}, "content": "x"}') as unknown, {
    constructor: { prototype: { polluted: true } },
  }),
  fc.dictionary(
    fc.constantFrom('content', 'lead', 'steps', 'posts', 'audiences', 'campaignName', 'extra'),
    fc.jsonValue({ maxDepth: 2 }),
  ),
);
