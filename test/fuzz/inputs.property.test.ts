// Property: for EVERY workflow type, any input (schema-shaped but hostile, or plain junk) either becomes webhook
// messages Discord accepts (its OpenAPI schema, the emulator's independent checks, the 6000-character rule in code
// points after trimming) or fails with InvalidInput/InvalidMessage naming the field. Never an invalid payload, never
// any other thrown error (in a workflow that would fail the workflow TASK, which Temporal retries forever).
import { ApplicationFailure } from '@temporalio/common';
import fc from 'fast-check';
import type { WebhookMessage } from '../../src/discord/schemas';
import { checkExecuteBody } from '../../src/emulator/validate-message';
import { WORKFLOW_INPUTS, type WorkflowType } from '../../src/inputs/workflows';
import { validateAgainstDiscordSpec } from '../helpers/openapi';
import { hostileText, JUNK, SEED, SHAPED } from './arbitraries';
import { messagesFor, notificationsFor, type Extras } from './pipeline';

const SHAPED_RUNS = Number(process.env.FC_RUNS ?? 100);
const JUNK_RUNS = Math.ceil(SHAPED_RUNS / 2);
const TYPES = Object.keys(WORKFLOW_INPUTS) as WorkflowType[];

// Python's str.strip() set (Discord trims with it before counting), written here independently of src/discord.
const PY_WS = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const TRIM = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, 'g');
const points = (text: string | undefined) => (text === undefined ? 0 : [...text.replace(TRIM, '')].length);

/** Everything wrong with one message, by an oracle that is not the builder's own schema. */
function problemsOf(message: WebhookMessage): string[] {
  const problems: string[] = [];
  const spec = validateAgainstDiscordSpec('IncomingWebhookRequestPartial', message);
  problems.push(...spec.errors.map((error) => `openapi ${error.instancePath} ${error.message ?? ''}`));
  const emulator = checkExecuteBody(JSON.parse(JSON.stringify(message)), false);
  if (emulator.errors.size > 0) problems.push(`emulator ${JSON.stringify(emulator.errors.toTree())}`);
  const embeds = message.embeds ?? [];
  const embedText = embeds.reduce(
    (sum, embed) =>
      sum +
      points(embed.title) +
      points(embed.description) +
      points(embed.footer?.text) +
      points(embed.author?.name) +
      (embed.fields ?? []).reduce((fields, field) => fields + points(field.name) + points(field.value), 0),
    0,
  );
  if (embedText > 6_000) problems.push(`embeds hold ${embedText} code points (max 6000)`);
  if (points(message.content) > 2_000) problems.push(`content holds ${points(message.content)} code points (max 2000)`);
  if (points(message.content) === 0 && embeds.length === 0) problems.push('empty message (50006)');
  return problems;
}

const FIELD_PROBLEM = /^(?:[\w.]+|\(input\)): \S/;

/** The outcome of one input; throws (fails the property) on anything but the two allowed outcomes. */
function outcomeOf(type: WorkflowType, input: unknown, extras: Extras): 'valid' | 'invalid-input' | 'invalid-message' {
  let batches: WebhookMessage[][];
  try {
    batches = messagesFor(notificationsFor(type, input, extras));
  } catch (error) {
    if (!(error instanceof ApplicationFailure))
      throw new Error(`${type} threw a plain ${String(error)}`, { cause: error });
    expect(error.nonRetryable).toBe(true);
    if (error.type === 'InvalidMessage') return 'invalid-message';
    expect(error.type).toBe('InvalidInput');
    // Names the field: `Invalid input for hotLeadAlert: lead.email: Invalid email address`.
    expect(error.message).toMatch(/^Invalid input(?: for \w+)?: (?:[\w.]+|\(input\)): \S/);
    const [details] = (error.details ?? []) as { problems?: string[] }[];
    for (const problem of details?.problems ?? []) expect(problem).toMatch(FIELD_PROBLEM);
    return 'invalid-input';
  }
  for (const [index, batch] of batches.entries()) {
    expect(batch.length).toBeGreaterThan(0);
    // Run for every message of every input: the expectation is built only when a check fails (the same report).
    for (const message of batch) {
      const problems = problemsOf(message);
      if (problems.length > 0) expect({ type, batch: index, problems }).toEqual({ type, batch: index, problems: [] });
    }
  }
  return 'valid';
}

const extras: fc.Arbitrary<Extras> = fc.record({
  failureMessage: hostileText(50_000).filter((s) => s.length > 0),
  failAt: fc.nat(30),
});

describe.each(TYPES)('%s', (type) => {
  test(`schema-shaped hostile inputs (seed ${SEED}, ${SHAPED_RUNS} runs): valid payloads or InvalidInput naming the field`, () => {
    const seen = { valid: 0, 'invalid-input': 0, 'invalid-message': 0 };
    fc.assert(
      fc.property(SHAPED[type], extras, (input, more) => {
        seen[outcomeOf(type, input, more)] += 1;
      }),
      { seed: SEED, numRuns: SHAPED_RUNS },
    );
    // Both outcomes occurred, so the property exercised the builder and the validation alike.
    expect(seen.valid).toBeGreaterThan(0);
    if (type !== 'testWebhook') expect(seen['invalid-input']).toBeGreaterThan(0);
  });

  test(`junk inputs (seed ${SEED}, ${JUNK_RUNS} runs): InvalidInput naming the field, or (when it happens to fit) valid payloads`, () => {
    fc.assert(
      fc.property(JUNK, extras, (input, more) => {
        outcomeOf(type, input, more);
      }),
      { seed: SEED, numRuns: JUNK_RUNS },
    );
  });
});

// Found by this property (FC_RUNS=1500, seeds 1-3): the builder and the emulator both trim like Python's str.strip(),
// as Discord does, so U+FEFF is text, not whitespace.
test('a field whose text is only U+FEFF is a payload the emulator accepts', () => {
  const [message] = messagesFor(
    notificationsFor(
      'sendNotification',
      { fields: [{ name: '\ufeff', value: 'x' }] },
      { failureMessage: 'x', failAt: 0 },
    ),
  );
  expect(problemsOf(message![0]!)).toEqual([]);
});
