// @ts-check
// The config `nest new` writes (typescript-eslint's type-checked rules, Prettier as a lint rule), with each
// adjustment explained beside it. `npm run lint` fails on any error; no rule is set to "warn".
import eslint from '@eslint/js';
import eslintPluginPrettierRecommended from 'eslint-plugin-prettier/recommended';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { moduleFaces } from './scripts/eslint/module-faces.mjs';

export default defineConfig(
  {
    ignores: ['dist/**', '.test-build/**', 'coverage/**', 'data/**', 'node_modules/**', 'eslint.config.mjs', 'test/client/gatehouse-api.ts'],
  },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  eslintPluginPrettierRecommended,
  {
    languageOptions: {
      globals: {
        ...globals.node,
        ...globals.vitest,
      },
      sourceType: 'commonjs',
      parserOptions: {
        // The vitest configs (*.mts) are outside tsconfig.json's include; they get a default project.
        projectService: { allowDefaultProject: ['*.mts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    // Plain JavaScript (bench/, scripts/, the demo page) has no types to check.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // ES modules: no CommonJS `require` global (bench/verify-micro.mjs makes its own with createRequire).
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { ...globals.nodeBuiltin } },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The /demo page runs in the browser.
    files: ['src/demo/assets/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    // One public face per module: src/<module>/index.ts (docs/architecture.md). Tests are held to it as well.
    files: ['src/**/*.ts', 'test/**/*.ts'],
    plugins: { gatehouse: { rules: { 'module-faces': moduleFaces } } },
    rules: { 'gatehouse/module-faces': 'error' },
  },
  {
    rules: {
      'prettier/prettier': ['error', { endOfLine: 'auto' }],
      // `const { kid: _kid, ...header } = ...` is how the tests drop one field; the rest is what is used.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Implementations of Promise-returning contracts (the in-memory LoginAttemptStore, ThrottlerGuard hooks, the
      // CLI commands' prepare()) are async without awaiting anything; no-floating-promises and no-misused-promises
      // still catch the async mistakes that matter.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Test code reads supertest's `res.body` (typed `any`) and parsed JSON on almost every line; the assertions are
    // what check its shape, so casting each body to a type first would add lines and no safety.
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
