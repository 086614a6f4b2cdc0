/**
 * The few DOM shapes the browser tests read inside `evaluate` callbacks. The project compiles without the DOM lib
 * (it is a Node codebase), so callbacks annotate their parameters with these and reach browser globals through
 * `globalThis as unknown as BrowserGlobals`; the casts vanish at compile time and the callbacks run in Chromium.
 */
export interface DomNode {
  readonly nodeType: number;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
}

export interface DomElement extends DomNode {
  readonly tagName: string;
  readonly innerText: string;
  readonly shadowRoot: DomParent | null;
  readonly dataset: Record<string, string | undefined>;
  readonly isConnected: boolean;
  readonly attributes: ArrayLike<{ readonly name: string; readonly value: string }>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
}

export interface DomParent {
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  querySelector(selector: string): DomElement | null;
}

export interface BrowserGlobals {
  readonly document: DomParent & { readonly body: DomElement };
  getComputedStyle(element: DomElement): { backgroundColor: string; fontWeight: string; textDecorationLine: string };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void };
  [flag: string]: unknown;
}
