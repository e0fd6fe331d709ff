import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'openapi/types.ts',
      'openapi/agent-types.ts',
      'coverage/',
      '.zoo/',
      'tmp-scratch/',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['bench/**', 'test/**', '**/*.mjs', '**/*.js'],
    rules: { 'no-console': 'off' },
  },
);
