import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import stageOrder from './eslint/stage-order.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'embeddings/', 'data/', 'coverage/', 'bench-out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { isnad: { rules: { 'stage-order': stageOrder } } },
    rules: { 'isnad/stage-order': 'error' },
  },
);
