import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import arabicScript from './eslint/arabic-script.js';
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
    plugins: { isnad: { rules: { 'stage-order': stageOrder, 'arabic-script': arabicScript } } },
    rules: { 'isnad/stage-order': 'error', 'isnad/arabic-script': 'error' },
  },
  {
    files: ['src/arabic/**/*.ts'],
    rules: { 'isnad/arabic-script': 'off' },
  },
);
