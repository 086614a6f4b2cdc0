// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    files: ['src/workflows/**/*.ts', 'src/messages/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', sandboxBans] },
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
