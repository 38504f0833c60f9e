import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default defineConfig(
  {
    ignores: [
      'dist/',
      'dev-dist/',
      'data/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      // Scratch scripts, never committed (.gitignore).
      'tmp/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.strictTypeChecked,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: ts.parser, svelteConfig },
    },
  },
  {
    files: ['src/sw.ts'],
    languageOptions: {
      globals: { ...globals.serviceworker },
      parserOptions: { projectService: false, project: './tsconfig.sw.json' },
    },
  },
  {
    rules: {
      // noUncheckedIndexedAccess makes `!` the honest way to say "this index exists".
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': [
        'error',
        { 'ts-expect-error': 'allow-with-description' },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      'svelte/no-navigation-without-resolve': 'off',
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read the environment only in src/server/env.ts.',
        },
      ],
    },
  },
  {
    // The layers: the client never imports the server, the server never imports the client.
    files: ['src/app/**', 'src/shared/**', 'src/sw.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/server/**', '../server', '../server/**', '../../server/**'],
              message: 'The client must not import src/server.',
            },
          ],
        },
      ],
    },
  },
  {
    // zod and the schemas load lazily on the client (storage/record-schemas.ts); static
    // imports go through the zod-free shared/domain.
    files: ['src/app/**'],
    ignores: ['src/app/storage/record-schemas.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/server/**', '../server', '../server/**', '../../server/**'],
              message: 'The client must not import src/server.',
            },
            {
              regex: '^zod(/.*)?$|/shared(/index)?$|/shared/schemas/',
              allowTypeImports: true,
              message: 'Import from shared/domain; schemas load lazily via storage/record-schemas.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**', 'src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/app/**', '../app', '../app/**', '../../app/**'],
              message: 'The server and shared code must not import src/app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/app/**', '../app', '../app/**', '../../app/**'],
              message: 'The server must not import src/app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/env.ts', 'scripts/**', 'playwright*.config.ts', 'tests/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['tests/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
