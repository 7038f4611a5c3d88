import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './src-main/domain/security/csp.ts';

const root = import.meta.dirname;

/** Writes the one CSP (src-main/domain/security/csp.ts) into the built index.html. */
function cspMeta(): Plugin {
  return {
    name: 'onewindow-csp',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // better-sqlite3 is a native module: it must stay a runtime dependency, never bundled.
      externalizeDeps: { include: ['better-sqlite3'] },
      lib: {
        entry: {
          index: resolve(root, 'src-main/electron/main.ts'),
          'service-worker': resolve(root, 'src-main/services/service-worker.ts'),
          browser: resolve(root, 'src-main/browser-mode/main.ts'),
          cli: resolve(root, 'src-main/cli/main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: { preload: resolve(root, 'src-main/electron/preload.ts') } },
      // A sandboxed preload cannot be an ES module.
      rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [vue(), cspMeta()],
    resolve: { alias: { '@domain': resolve(root, 'src-main/domain') } },
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});
