import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Code rules. The layer rules (which folder may import what) are dependency-cruiser's, in .dependency-cruiser.mjs:
 * `npm run lint` runs both.
 */

export default tseslint.config(
  { ignores: ['dist/**', 'apps/web/dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'test/replay/histories/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        // Type-aware rules on every file tsconfig.json covers (tests included); the JS files outside it
        // (this config, jest's, the bootstrap) get a default project.
        projectService: { allowDefaultProject: ['*.js', '.dependency-cruiser.mjs', 'scripts/*.mjs', 'test/support/*.mjs'], maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 12 },
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

  // The console: the rules of hooks.
  { ...reactHooks.configs.flat.recommended, files: ['apps/web/src/**/*.{ts,tsx}'] },
);
