// @ts-check
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/**', 'bench/out/**', '.crmhub/**', 'examples/**/*.csv'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Type-aware rules: a promise nobody awaits loses its error (an unawaited COPY, a heartbeat, a
    // server close) and lets a command exit before its work is done.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
    },
  },
  {
    // Workflows run in Temporal's deterministic sandbox: no Node built-ins, and activities are
    // imported as types only (proxyActivities<typeof activities>), never as code.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: nodeBuiltins.map((name) => ({ name, message: 'Node built-ins are not allowed in workflows (determinism).' })),
        patterns: [{ group: ['**/activities', '**/activities/**'], allowTypeImports: true, message: 'Import activities as types only in workflows.' }],
      }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Console templates escape every value (hono/jsx); nothing may bypass that.
    files: ['console/**/*.ts', 'console/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'hono/html', message: 'raw HTML bypasses escaping' }, { name: 'hono/utils/html', message: 'raw HTML bypasses escaping' }] }],
      'no-restricted-syntax': ['error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'dangerouslySetInnerHTML bypasses escaping' },
        { selector: "CallExpression[callee.name='raw']", message: 'raw() bypasses escaping' }],
    },
  },
);
