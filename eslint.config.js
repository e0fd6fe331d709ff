import tseslint from 'typescript-eslint';

/** How deep the boundary rules look below a folder; deeper files are not checked. */
const MAX_DEPTH = 4;

/**
 * A boundary between rooms: files in `folder` may not import what `escape` matches, where
 * `escape` is a regular expression over the import's path from the repository root (for
 * example `src/` or `(?!core/)`). Imports are relative, so the rule is written once per depth
 * below the folder, each time with the `../` that leads back to the root.
 */
function boundary({ folder, escape, message, packages = [] }) {
  return Array.from({ length: MAX_DEPTH }, (_, index) => ({
    files: [`${folder}/${'*/'.repeat(index)}*.{ts,mts,js,mjs}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: `^(\\.\\./){${index + 1}}${escape}`, message },
            ...(packages.length > 0 ? [{ group: packages, message }] : []),
          ],
        },
      ],
    },
  }));
}

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
  ...boundary({
    folder: 'core',
    escape: '(?!openapi/types\\.ts$)',
    message: 'core/ is what planner and agent share: it imports only the generated types.',
  }),
  ...boundary({
    folder: 'agents',
    escape: '(src|solver|cli|demo|bench|test|kit)/',
    message: 'agents/ never imports the planner (or the CLI, demo, benches, tests): use core/.',
  }),
  ...boundary({
    folder: 'solver',
    escape: '(?!core/|openapi/types\\.ts$)',
    message: 'solver/ is pure computation: it imports only core/ and the generated types.',
    packages: ['express', 'bullmq', 'ioredis', 'onnxruntime-node'],
  }),
  ...boundary({
    folder: 'bench',
    escape: 'test/',
    message: 'bench/ never imports test/: shared helpers live in kit/.',
  }),
  ...boundary({
    folder: 'demo',
    escape: 'test/',
    message: 'demo/ never imports test/: shared helpers live in kit/.',
  }),
  ...boundary({
    folder: 'kit',
    escape: 'test/',
    message: 'kit/ serves the tests, the demo and the benches: it never imports test/.',
  }),
);
