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
