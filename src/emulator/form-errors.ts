import { type JsonObject, type JsonValue } from './json';

/** One leaf of Discord's v8+ error tree, e.g. `{code: "BASE_TYPE_MAX_LENGTH", message: "Must be 4096 or fewer in length."}`. */
export interface FormErrorLeaf {
  readonly code: string;
  readonly message: string;
}

/** Where an error sits in the request body: object keys, and array indices as numbers. */
export type FormPath = readonly (string | number)[];

interface TreeNode {
  errors: FormErrorLeaf[];
  children: Map<string, TreeNode>;
}

const newNode = (): TreeNode => ({ errors: [], children: new Map() });

/**
 * Collects every validation error of one request so they can be answered together, as Discord does.
 * @see https://discord.com/developers/docs/reference#error-messages
 */
export class FormErrors {
  private readonly root = newNode();
  private count = 0;

  /** Records an error at `path`; an empty path is a request-level error. */
  add(path: FormPath, code: string, message: string): void {
    let node = this.root;
    for (const segment of path) {
      const key = String(segment);
      let child = node.children.get(key);
      if (!child) {
        child = newNode();
        node.children.set(key, child);
      }
      node = child;
    }
    node.errors.push({ code, message });
    this.count += 1;
  }

  /** How many errors were recorded. */
  get size(): number {
    return this.count;
  }

  /** The v8+ nested `errors` object: keys mirror the body, leaves are `{_errors: [...]}`. */
  toTree(): JsonObject {
    return renderTree(this.root);
  }

  /**
   * The v6/v7 flat form: top-level field -> list of strings. Array items that failed are listed by index
   * (`{"embeds": ["0"]}`), errors on the field itself by message, request-level errors under `_misc`.
   */
  toLegacy(): JsonObject {
    const flat: JsonObject = {};
    if (this.root.errors.length > 0) flat._misc = this.root.errors.map((error) => error.message);
    for (const [key, node] of this.root.children) flat[key] = collectLegacy(node);
    return flat;
  }
}

function renderTree(node: TreeNode): JsonObject {
  const out: JsonObject = {};
  if (node.errors.length > 0) out._errors = node.errors.map((error) => ({ code: error.code, message: error.message }));
  for (const [key, child] of node.children) out[key] = renderTree(child);
  return out;
}

function collectLegacy(node: TreeNode): JsonValue[] {
  const messages: JsonValue[] = node.errors.map((error) => error.message);
  for (const [key, child] of node.children) {
    if (/^\d+$/.test(key)) messages.push(key);
    else messages.push(...collectLegacy(child));
  }
  return messages;
}
