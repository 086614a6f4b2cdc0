/** A JSON-compatible value. `undefined` object members are dropped when serialised. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
/** A JSON object; members may be `undefined` so optional fields can be written inline. */
export type JsonObject = { [key: string]: JsonValue | undefined };

/**
 * Serialises like Discord's Python API does (`json.dumps` defaults): `", "` between items and `": "` after keys,
 * e.g. `{"message": "Unknown Webhook", "code": 10015}`.
 */
export function toDiscordJson(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((item) => toDiscordJson(item)).join(', ')}]`;
  if (typeof value === 'object') {
    const members = Object.entries(value)
      .filter((entry): entry is [string, JsonValue] => entry[1] !== undefined)
      .map(([key, member]) => `${JSON.stringify(key)}: ${toDiscordJson(member)}`);
    return `{${members.join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** Parses JSON text without throwing. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** True for a plain object (what Discord calls a "dictionary"), false for arrays and null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep-copies a value through JSON, which also proves it is JSON-compatible. */
export function cloneJson<T extends JsonValue>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
