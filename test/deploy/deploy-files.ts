/** Readers for the deployment files, shared by the test/deploy tests. Static only: there is no Docker engine here. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const ROOT = join(__dirname, '..', '..');
export const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string } | string;
  profiles?: string[];
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string | number | boolean | null>;
  env_file?: string | (string | { path: string; required?: boolean })[];
  ports?: (string | number)[];
  expose?: (string | number)[];
  volumes?: string[];
  healthcheck?: { test: string[] | string; disable?: boolean };
  entrypoint?: string[] | string;
  command?: string[] | string;
  deploy?: { replicas?: number | string };
  init?: boolean;
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** docker-compose.yml with YAML merge keys (`<<: *anchor`) applied, as Compose does. */
export function loadCompose(text = read('docker-compose.yml')): ComposeFile {
  return parse(text, { merge: true }) as ComposeFile;
}

/** `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`; `$$` is a literal `$`. */
const INTERPOLATION = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

export interface VariableUse {
  name: string;
  /** `-` / `:-` default, `?` / `:?` required-with-message, undefined for plain `${VAR}`. */
  operator: string | undefined;
  fallback: string | undefined;
}

/** Every variable the Compose file interpolates. */
export function variablesUsed(text: string): VariableUse[] {
  const uses: VariableUse[] = [];
  for (const match of text.matchAll(INTERPOLATION)) {
    if (match[0] === '$$') continue;
    const name = match[1] ?? match[4]!;
    uses.push({ name, operator: match[2], fallback: match[3] });
  }
  return uses;
}

/** Compose's interpolation of one value with the given variables (unset ones take their defaults). */
export function interpolate(value: string, env: Record<string, string> = {}): string {
  return value.replace(INTERPOLATION, (whole, braced?: string, operator?: string, fallback?: string, bare?: string) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare!;
    const set = env[name];
    if (operator === ':-') return set ? set : (fallback ?? '');
    if (operator === '-') return set ?? fallback ?? '';
    if (operator?.endsWith('?') && !set) throw new Error(`${name} is required: ${fallback ?? ''}`);
    return set ?? '';
  });
}

/** Variable names .env.example documents, set or commented out (`NAME=` or `# NAME=`). */
export function documentedVariables(text = read('.env.example')): Set<string> {
  return new Set([...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!));
}

export interface DockerInstruction {
  keyword: string;
  args: string;
}

export interface DockerStage {
  image: string;
  name: string | undefined;
  instructions: DockerInstruction[];
}

/** Dockerfile → stages of instructions (line continuations joined, comments and parser directives dropped). */
export function parseDockerfile(text = read('Dockerfile')): DockerStage[] {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: DockerStage[] = [];
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args: args.replace(/\s+/g, ' ').trim() };
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.args.replace(/--platform=\S+\s*/, '').split(' ');
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword !== 'ARG') throw new Error(`${instruction.keyword} before the first FROM`);
    } else stages.at(-1)!.instructions.push(instruction);
  }
  return stages;
}

/** `ENV A=1 B=2` (and the legacy `ENV A 1`) of one stage, in order. */
export function stageEnv(stage: DockerStage): Map<string, string> {
  const env = new Map<string, string>();
  for (const { keyword, args } of stage.instructions) {
    if (keyword !== 'ENV') continue;
    if (!args.includes('=')) {
      const [name = '', ...rest] = args.split(' ');
      env.set(name, rest.join(' '));
      continue;
    }
    for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) {
      env.set(match[1]!, match[2]!.replace(/^"|"$/g, ''));
    }
  }
  return env;
}

/** Splits `repo[:tag][@digest]`. */
export function splitImage(image: string): { repository: string; tag: string | undefined; digest: string | undefined } {
  const [withoutDigest = '', digest] = image.split('@');
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash
    ? { repository: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest }
    : { repository: withoutDigest, tag: undefined, digest };
}

/** An exact release tag: `1.30.6`, `16.15`, `20.20.2-bookworm-slim`; never `latest`, `16` or a floating `1.30`. */
export const EXACT_TAG = /^v?\d+\.\d+(?:\.\d+)?(?:-[a-z0-9][a-z0-9.]*)*$/;
