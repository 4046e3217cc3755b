// Lint rules that catch what type-checking cannot: floating promises in a
// stream engine lose errors silently, so they are errors here.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'bench/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['packages/*/src/**/*.ts', 'packages/*/test/**/*.ts', 'test/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    // Core's own program has no Node types; its unit tests (fs, Buffer) are checked with the test-only tsconfig.
    files: ['packages/core/src/**/*.test.ts'],
    languageOptions: {
      parserOptions: { projectService: false, project: './packages/core/tsconfig.test.json', tsconfigRootDir: import.meta.dirname },
    },
  },
);
