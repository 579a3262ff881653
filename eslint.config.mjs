// ESLint (flat config) with typescript-eslint, Prettier for layout, and the import rules of
// ARCHITECTURE.md: which package may import which. `npm run lint` runs this and `prettier --check`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const io = ['typeorm', 'pg', 'nodemailer', 'exceljs', 'fs', 'node:*', 'axios', 'ioredis'];
const noIo = io.map((name) => ({
  group: [name, `${name}/*`],
  message: 'workflow code is deterministic: do I/O in an activity',
}));
const restrict = (paths, patterns = []) => ['error', { paths, patterns }];
// Lines of code, comments, strings and SQL: at most 120 characters (Prettier's printWidth), long texts
// and SQL wrapped. A test's title stays one string on its call's line, as Prettier lays test calls out.
const maxLen = {
  code: 120,
  ignoreUrls: true,
  ignoreRegExpLiterals: true,
  ignoreStrings: false,
  ignoreTemplateLiterals: false,
  ignoreComments: false,
  ignorePattern: String.raw`^\s*(it|test|describe)(\.\w+)*\(['"\x60]`,
};
const notActivities = {
  name: '@kaflow/activities',
  message: 'read through @kaflow/records, never the activities package',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.run/**',
      '.tools/**',
      'coverage/**',
      '.nx/**',
      'tmp/**',
      'apps/web/dist/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-empty-object-type': 'off',
      '@typescript-eslint/no-namespace': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
      'max-len': ['error', maxLen],
    },
  },
  // a migration is history: its SQL stays as it was written and run
  {
    files: ['libs/persistence/src/migrations/*.ts'],
    rules: { 'max-len': ['error', { ...maxLen, ignoreStrings: true, ignoreTemplateLiterals: true }] },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Promises that nobody waits for, or that go where nothing waits (an event handler, a callback that
  // should return nothing), need the types. The project service builds one program per tsconfig (the
  // root one, the web app's), which costs about one typecheck; the rules run on the TypeScript sources
  // those programs hold (the tests and scripts too: an assertion nobody awaits passes whatever happens).
  {
    files: [
      'apps/*/src/**/*.{ts,tsx}',
      'activities/src/**/*.ts',
      'workflows/src/**/*.ts',
      'libs/*/src/**/*.ts',
      'tests/**/*.ts',
      'scripts/**/*.ts',
    ],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  // workflows → @temporalio/workflow, domain, calendar, planning, and activity *types* only
  {
    files: ['workflows/src/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': restrict(
        [
          {
            name: '@kaflow/activities',
            allowTypeImports: true,
            message: 'workflows import activity types only (import type)',
          },
          ...[
            '@kaflow/persistence',
            '@kaflow/records',
            '@kaflow/config',
            '@kaflow/kpi',
            '@kaflow/forms',
            '@temporalio/client',
            '@temporalio/worker',
            '@temporalio/activity',
          ].map((name) => ({
            name,
            message: 'not allowed in deterministic workflow code',
          })),
          {
            name: '@kaflow/calendar',
            message:
              "import '@kaflow/calendar/src/dates': the index brings the holiday tables, evaluated once per cached " +
              'workflow',
          },
        ],
        [
          ...noIo,
          { group: ['@nestjs/*'], message: 'no Nest in workflow code' },
          { group: ['**/apps/**', '**/activities/**', '**/libs/*/src/**'], message: 'import packages, not paths' },
        ],
      ),
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'use sleep() / condition() from @temporalio/workflow' },
      ],
    },
  },
  // activities → records, persistence, domain, calendar, planning, kpi (and the workflows' contracts)
  {
    files: ['activities/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [{ name: '@temporalio/workflow', message: 'activities are not workflow code' }],
        [
          { group: ['@nestjs/*'], message: 'activities do not use Nest' },
          { group: ['**/apps/**'], message: 'libs and activities never import apps' },
        ],
      ),
    },
  },
  // the API → records, persistence, domain, calendar, planning, kpi, forms, workflows' contracts; never activities
  {
    files: ['apps/api/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [notActivities],
        [
          {
            group: ['**/activities/src/**', '**/apps/worker/**', '**/apps/web/**'],
            message: 'the API never imports the activities, the worker or the web app',
          },
        ],
      ),
    },
  },
  // libs never import apps, activities or workflows (records may name workflow contract types)
  {
    files: ['libs/*/src/**/*.ts'],
    ignores: ['libs/records/src/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [notActivities, { name: '@kaflow/workflows', message: 'libs sit below the workflows' }],
        [{ group: ['**/apps/**', '**/activities/**', '**/workflows/**'], message: 'libs never import apps' }],
      ),
    },
  },
  {
    files: ['libs/records/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [
          notActivities,
          { name: '@kaflow/workflows', allowTypeImports: true, message: 'records may name contract types only' },
        ],
        [{ group: ['**/apps/**', '**/activities/**'], message: 'libs never import apps' }],
      ),
    },
  },
  // the web app talks to the HTTP API only
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(
        [],
        [
          {
            group: ['@kaflow/*', '**/apps/api/**', '**/libs/**', '**/activities/**', '**/workflows/**'],
            message: 'the web app reaches the server through the HTTP API only',
          },
        ],
      ),
    },
  },
);
