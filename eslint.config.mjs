// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

/** Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries, no env. */
const sandboxBans = {
  paths: [
    ...builtinModules
      .flatMap((name) => [name, `node:${name}`])
      .map((name) => ({
        name,
        message: 'Workflow code runs in the Temporal sandbox: do I/O in an activity.',
      })),
    { name: 'undici', message: 'HTTP belongs in src/discord/webhook-client.ts, called from an activity.' },
    { name: '@temporalio/activity', message: 'Activities are called through proxyActivities.' },
    { name: '@temporalio/client', message: 'Use child workflows or activities instead.' },
  ],
  patterns: [
    {
      group: ['**/webhook-client', '**/activities', '**/activities/**', '**/config', '**/emulator/**'],
      message: 'Not sandbox-pure: import types only (import type) or move the I/O to an activity.',
      allowTypeImports: true,
    },
    {
      group: ['zod', '**/inputs/*', '**/discord/builder', '**/discord/schemas', '**/discord/notification'],
      message:
        'No zod in workflow code: every new workflow would build the schemas again (the validateInput and prepareNotification local activities run them in the worker). Import types only.',
      allowTypeImports: true,
    },
  ],
};

/** Imports of src/workflows from a file `depth` folders below src/. */
function workflowsBan(depth) {
  const up = depth === 0 ? './' : '../'.repeat(depth);
  return {
    group: [`${up}workflows`, `${up}workflows/**`],
    message: 'Node-side code does not import from src/workflows: move what both need to src/vocabulary.',
  };
}

export default tseslint.config(
  { ignores: ['lib/', 'lib-bench/', 'node_modules/', '.temporal/', '.data/', 'reports/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.js', '.ci/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'object-shorthand': 'error',
    },
  },
  {
    // Imports form a graph without cycles, in src/ and wherever src/ is imported from.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.d.ts', '.js', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // A function reads in one screen; scripts/function-lengths.js lists the longest.
      'max-lines-per-function': ['error', { max: 60 }],
    },
  },
  // Imports run one way: workflows import the shared vocabulary (src/vocabulary), never the reverse. The worker names
  // the workflows by path (workflowsPath), a string, not an import; src/index.ts re-exports the public query and
  // signal definitions, which a client needs and only the workflows define.
  ...['src/*.ts', 'src/*/*.ts', 'src/*/*/*.ts'].map((files, depth) => ({
    files: [files],
    ignores: ['src/workflows/**', 'src/messages/**', 'src/index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [workflowsBan(depth)] }],
    },
  })),
  {
    files: ['src/workflows/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', sandboxBans] },
  },
  {
    files: ['src/messages/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { ...sandboxBans, patterns: [...sandboxBans.patterns, workflowsBan(1)] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: {
        AbortSignal: 'readonly',
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The preview page's modules run in the browser.
    files: ['src/emulator/preview/client/*.js'],
    languageOptions: {
      globals: {
        document: 'readonly',
        window: 'readonly',
        location: 'readonly',
        EventSource: 'readonly',
        Image: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
