// @ts-check
import tseslint from 'typescript-eslint';
import aethercore from './tools/eslint-plugin-aethercore/index.js';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'bench/results/**',
      'fixtures/**',
      'coverage/**',
      '**/*.js',
      'tools/eslint-plugin-aethercore/test/fixtures/**',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { aethercore },
    rules: {
      'aethercore/layers': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Composition roots, benchmarks and tools talk to the terminal.
    files: ['packages/cli/**', 'bench/**', 'tools/**', 'packages/server/src/main.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests may use loose typing of fixtures and vitest's async helpers.
    files: ['**/*.test.ts', '**/test/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
