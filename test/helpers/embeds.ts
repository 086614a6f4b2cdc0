/** An embed field as the templates build it. */
export interface ExpectedField {
  name: string;
  value: string;
  inline: boolean;
}

function fields(values: Record<string, string>, inline: boolean): ExpectedField[] {
  return Object.entries(values).map(([name, value]) => {
    // Object keys that are array indexes ('1', '2') are listed first whatever their place, so the order would lie.
    if (/^\d+$/.test(name)) throw new Error(`field name "${name}": write fields with numeric names out in full`);
    return { name, value, inline };
  });
}

/** Inline fields (up to three to a row on Discord), `{ name: value }` in order. */
export function inlineFields(values: Record<string, string>): ExpectedField[] {
  return fields(values, true);
}

/** Full-width fields, `{ name: value }` in order. */
export function wideFields(values: Record<string, string>): ExpectedField[] {
  return fields(values, false);
}

/** The six figures of the daily and weekly reports, in the seed's order, each an inline field. */
export function metricFields(
  ...[spend, conversions, costPerLead, ctr, optinRate, closeRate]: [string, string, string, string, string, string]
): ExpectedField[] {
  return inlineFields({
    '💰 Total Ad Spend': spend,
    '👥 Conversions': conversions,
    '📊 Cost Per Lead': costPerLead,
    '🎯 CTR': ctr,
    '📥 Opt-in Rate': optinRate,
    '✅ Close Rate': closeRate,
  });
}

/** The lead of the seed's example alert. */
export const SEED_LEAD = {
  firstName: 'Min-Ji',
  lastName: 'Park',
  email: 'minjipark@salon.com',
  notionId: 'a1b2c3d4e5f6',
} as const;

/** The seed's hot-lead alert embed for {@link SEED_LEAD} at `score` (default stage), sent at `timestamp`. */
export function seedLeadEmbed(score: number, timestamp: unknown) {
  return {
    title: `Min-Ji Park - Score: ${score}`,
    url: 'https://notion.so/a1b2c3d4e5f6',
    description: 'Immediate follow-up recommended within 24 hours',
    color: 0xff0000,
    fields: [
      ...inlineFields({ Email: 'minjipark@salon.com', Score: `${score}`, Stage: 'Assessment Complete' }),
      ...wideFields({ 'Notion Link': '[Open in Notion](https://notion.so/a1b2c3d4e5f6)' }),
    ],
    timestamp,
  };
}
