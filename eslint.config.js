import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * The dependency rules of the house style (shared/style.md, "Dependency rules"), enforced here so a change that
 * breaks them fails `npm test`: workflows stay deterministic, activities stay free of NestJS, the API never
 * reaches into the worker side, and libs/domain depends on nothing.
 */

// Every Node built-in, bare (`fs`, `fs/promises`) or prefixed (`node:fs`; `node:test` exists only so). A regex,
// not a gitignore-style group: the group `domain` (a built-in) would also match `../libs/domain/index.js`.
const builtinAlternation = builtinModules
  .filter((name) => !name.startsWith('_'))
  .map((name) => name.replace(/[/.-]/g, (c) => `\\${c}`))
  .join('|');
const builtinRegex = `^(?:node:|(?:${builtinAlternation})(?:/|$))`;

/** `@typescript-eslint/no-restricted-imports` (it understands `import type`) for one folder. */
const restrict = (files, patterns) => ({
  files,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['dist/**', 'apps/web/dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'test/replay/histories/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        // Type-aware rules on every file tsconfig.json covers (tests included); the JS files outside it
        // (this config, jest's, the bootstrap) get a default project.
        projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs', 'test/support/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // An un-awaited Temporal call (activity, update, handle) fails silently or nondeterministically.
      '@typescript-eslint/no-floating-promises': 'error',
      // Passing async functions where a void callback is expected is how Nest/Express callers lose errors;
      // arguments are exempt because setHandler, Promise executors and event emitters take them on purpose.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      // A new stage, decision or error code must be handled wherever a switch covers the union.
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: 'error',
    },
  },
  {
    files: ['**/*.mjs', '*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly' } },
  },

  // Workflows: replayed from history, so only deterministic code. workflows/ is flat: `./x.js` is a sibling and
  // any `../` leaves the folder.
  restrict(
    ['workflows/**/*.ts'],
    [
      { regex: builtinRegex, message: 'Workflow code must be deterministic: no Node built-ins (time, randomness and sleep come from @temporalio/workflow).' },
      {
        regex: `^(?!node:|(?:${builtinAlternation})(?:/|$)|@temporalio/workflow$|\\.)`,
        message: 'Workflows import only @temporalio/workflow among packages: other Temporal packages, NestJS, TypeORM, pg and nodemailer do I/O.',
      },
      {
        regex: '^(?:\\.\\./)+(?!\\.\\./)(?!libs/domain(?:/|$)|activities(?:/|$))',
        message: 'Workflows import only their own files, libs/domain and (as types) activities: never libs/db, config, mail, temporal or apps.',
      },
      { regex: '^(?:\\.\\./)+activities(?:/|$)', allowTypeImports: true, message: 'Workflows import activities as types only (`import type`, for proxyActivities).' },
    ],
  ),

  // Activities: side effects with dependencies passed in (create*Activities(deps)), run by the worker.
  restrict(
    ['activities/**/*.ts'],
    [
      { group: ['@nestjs/*'], message: 'Activities never import NestJS: their dependencies come in as arguments.' },
      { group: ['**/apps', '**/apps/**'], message: 'Activities never import apps.' },
      { regex: '(?:^|/)workflows(?:/(?!.*\\.messages\\.js$)|$)', message: 'Activities never import workflow code.' },
      { regex: '(?:^|/)workflows/.*\\.messages\\.js$', allowTypeImports: true, message: 'Activities may import workflow message types only (`import type`).' },
      { group: ['@temporalio/worker', '@temporalio/workflow'], message: 'Activities use @temporalio/activity; the worker and workflow APIs belong elsewhere.' },
    ],
  ),

  // The API: a Temporal client. It starts and talks to workflows by name and message definitions.
  restrict(
    ['apps/api/**/*.ts'],
    [
      { group: ['**/activities', '**/activities/**'], message: 'The API never imports activities: it talks to workflows through Temporal.' },
      { group: ['@temporalio/worker'], message: 'The API is a client, not a worker.' },
      {
        regex: '(?:^|/)workflows(?:/(?!.*\\.messages\\.js$)|$)',
        allowTypeImports: true,
        message: 'The API imports workflow *.messages.js only; workflow functions by `import type` (to start them by type).',
      },
    ],
  ),

  // The console: hooks rules, and its features stay apart (composed in app/), as web-console.md lays out.
  { ...reactHooks.configs.flat.recommended, files: ['apps/web/src/**/*.{ts,tsx}'] },
  restrict(['apps/web/src/features/*/**'], [{ regex: '^\\.\\./\\.\\./(?!\\.\\./)(?!api/|shared/|auth/)', message: 'A feature imports the shared parts (api, shared, auth), never another feature.' }]),

  restrict(['libs/**/*.ts'], [{ group: ['**/apps', '**/apps/**', '**/workflows', '**/workflows/**', '**/activities', '**/activities/**'], message: 'libs never import apps, workflows or activities.' }]),
  // After libs/**: in flat config the later block's options win for the files both match.
  restrict(['libs/domain/**/*.ts'], [{ regex: '^(?!\\./)', message: 'libs/domain is pure: it imports only its own files (no packages, no Node built-ins, no other libs).' }]),
);
