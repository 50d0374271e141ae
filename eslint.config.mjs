// Lint with zero warnings, plus the import boundaries from docs/architecture.md:
// shared/ imports neither Node nor the DOM world; renderer/ imports no Node built-ins and nothing
// from engine/, server/ or electron/; engine/ and server/ never import `electron`; everything
// outside engine/ reaches it through engine/index.ts only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import { readdirSync } from 'node:fs';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const features = readdirSync(new URL('./renderer/src/features', import.meta.url), {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const rendererRestrictions = {
  paths: [...nodeBuiltins, 'electron'].map((name) => ({
    name,
    message: 'The renderer runs sandboxed: no Node built-ins and no electron.',
  })),
  patterns: [
    {
      group: ['**/engine', '**/engine/**', '**/server/**', '**/electron/**'],
      message: 'The renderer talks to the engine only through the bridge.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Scripts evaluated inside the page by benchmarks.
    files: ['bench/*-sampler.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: [
      'engine/**/*.ts',
      'server/**/*.ts',
      'electron/**/*.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
      '*.config.ts',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'electron', 'react', 'react-dom'].map((name) => ({
            name,
            message: 'shared/ is plain TypeScript: no Node, Electron or DOM libraries.',
          })),
          patterns: [
            {
              group: [
                '**/engine',
                '**/engine/**',
                '**/server/**',
                '**/electron/**',
                '**/renderer/**',
              ],
              message: 'shared/ depends on nothing.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', rendererRestrictions],
    },
  },
  // A feature does not reach into another feature: what several share lives in components/,
  // lib/ or store/. (Flat config replaces a rule's options, so each block repeats the above.)
  ...features.map((feature) => ({
    files: [`renderer/src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...rendererRestrictions,
          patterns: [
            ...rendererRestrictions.patterns,
            {
              group: features.filter((f) => f !== feature).map((f) => `**/${f}/**`),
              message: `features/${feature} does not import another feature's internals; share it through components/, lib/ or store/.`,
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The engine is plain Node: never import electron.' },
          ],
          patterns: [
            {
              group: ['**/server/**', '**/electron/**', '**/renderer/**'],
              message: 'The engine depends only on shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    // Everything outside the engine reaches it through engine/index.ts only. The engine's own
    // unit tests (test/engine) and the test support that builds its parts may look inside.
    files: [
      'server/**/*.ts',
      'electron/**/*.ts',
      'bench/**/*.ts',
      'test/server/**/*.ts',
      'test/electron/**/*.ts',
      'test/e2e/**/*.ts',
      'test/renderer/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/engine/*'],
              message: 'Import the engine from engine/index.ts, never from inside it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Browser mode is plain Node: never import electron.' },
          ],
          patterns: [
            { group: ['**/engine/*'], message: 'Import the engine from engine/index.ts only.' },
            {
              group: ['**/electron/**', '**/renderer/**'],
              message: 'Browser mode depends on the engine and shared/ only.',
            },
          ],
        },
      ],
    },
  },
);
