import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['assert', 'buffer', 'child_process', 'crypto', 'events', 'fs', 'fs/promises', 'http', 'https', 'net', 'os', 'path', 'process', 'stream', 'timers', 'tls', 'url', 'util', 'worker_threads', 'zlib'];

/**
 * The dependency rules of the house style, enforced here so a change that breaks them fails `npm test`:
 * workflows stay deterministic, activities stay free of NestJS, the API never reaches into the worker side,
 * and libs/domain depends on nothing.
 */
const restrict = (files, patterns, paths = []) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'test/replay/histories/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs', 'test/support/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: 'error',
    },
  },
  {
    files: ['**/*.mjs', '*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' } },
  },
  restrict(
    ['workflows/**/*.ts'],
    [
      { group: ['node:*', ...nodeBuiltins], message: 'Workflow code must be deterministic: no Node built-ins.' },
      { group: ['@temporalio/*', '!@temporalio/workflow'], message: 'Workflows import only @temporalio/workflow.' },
      { group: ['@nestjs/*', 'typeorm', 'pg', 'nodemailer', 'reflect-metadata'], message: 'Workflows never touch I/O libraries.' },
      { group: ['**/libs/db/**', '**/libs/config/**', '**/libs/mail/**', '**/libs/temporal/**', '**/apps/**'], message: 'Workflows import only libs/domain and their own files.' },
      { group: ['**/activities/**'], allowTypeImports: true, message: 'Workflows import activities as types only (proxyActivities).' },
    ],
  ),
  restrict(
    ['activities/**/*.ts'],
    [
      { group: ['@nestjs/*'], message: 'Activities never import NestJS; their dependencies come in as arguments.' },
      { group: ['**/apps/**'], message: 'Activities never import apps.' },
      { group: ['**/workflows/**', '!**/workflows/*.messages.js'], message: 'Activities never import workflow code.' },
      { group: ['@temporalio/worker', '@temporalio/workflow'], message: 'Activities use @temporalio/activity.' },
    ],
  ),
  restrict(
    ['apps/api/**/*.ts'],
    [
      { group: ['**/activities/**'], message: 'The API never imports activities: it talks to workflows through Temporal.' },
      { group: ['@temporalio/worker'], message: 'The API is a client, not a worker.' },
      { group: ['**/workflows/**', '!**/workflows/*.messages.js'], allowTypeImports: true, message: 'The API imports only workflow messages (and workflow types).' },
    ],
  ),
  restrict(
    ['libs/**/*.ts'],
    [{ group: ['**/apps/**', '**/workflows/**', '**/activities/**'], message: 'libs never import apps, workflows or activities.' }],
  ),
  // After libs/**: flat config lets the later, stricter block win for libs/domain.
  restrict(
    ['libs/domain/**/*.ts'],
    [{ regex: '^(?!\\./)', message: 'libs/domain is pure: it imports nothing outside itself.' }],
  ),
);
