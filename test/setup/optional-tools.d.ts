// Types of optional-tools.js (plain CommonJS, shared with the jest global set-up and .ci/run).

/** A tool found, missing (its suites skip unless required), or configured to something unusable (always an error). */
export type ToolSearch = { path: string; version?: string } | { missing: string } | { invalid: string };

/** Chromium: `CHROMIUM_PATH`, else chromium, chromium-browser, google-chrome, google-chrome-stable or chrome on PATH. */
export function findChromium(env?: NodeJS.ProcessEnv): ToolSearch;
/** Python 3.9+ with venv and ensurepip: `PYTHON`, else python3 or python on PATH. */
export function findPython(env?: NodeJS.ProcessEnv): ToolSearch;
/** True in CI (CI=true) or when `variable` (REQUIRE_BROWSER, REQUIRE_PYTHON) is 1. */
export function toolRequired(env: NodeJS.ProcessEnv, variable: string): boolean;
/**
 * One loud line per tool whose suites will be skipped.
 * @throws {Error} when a tool is missing where it is required, or set to something unusable
 */
export function checkOptionalTools(env?: NodeJS.ProcessEnv): string[];
export const CHROMIUM_NAMES: readonly string[];
