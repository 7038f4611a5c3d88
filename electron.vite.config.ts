import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
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

/**
 * Writes out/renderer-chunks.json: each built JS chunk's size and the packages and renderer
 * folders inside it. The bench (bench/bundle.ts) reads it to say which chunk carries ECharts and
 * what each area loads; it sits beside the renderer, not in it, so it is never served.
 */
function chunkMap(): Plugin {
  return {
    name: 'onewindow-chunk-map',
    writeBundle(_options, bundle) {
      const chunks: Record<string, { bytes: number; packages: string[]; folders: string[]; isEntry: boolean }> = {};
      for (const [file, output] of Object.entries(bundle)) {
        if (output.type !== 'chunk') continue;
        const packages = new Set<string>();
        const folders = new Set<string>();
        for (const id of output.moduleIds) {
          const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id)?.[1];
          if (pkg) packages.add(pkg);
          const folder = /src-renderer\/src\/([^/]+)\//.exec(id)?.[1];
          if (folder) folders.add(folder);
        }
        chunks[file] = { bytes: Buffer.byteLength(output.code), packages: [...packages].sort(), folders: [...folders].sort(), isEntry: output.isEntry };
      }
      mkdirSync(resolve(root, 'out'), { recursive: true });
      writeFileSync(resolve(root, 'out/renderer-chunks.json'), `${JSON.stringify(chunks, null, 2)}\n`);
    },
  };
}

/**
 * Marks the login screen's scripts (the entry and the chunks it imports statically) with V8's
 * explicit compile hint: Chromium then compiles every function in them on the background thread
 * that parses the file as it arrives, instead of on the page's main thread at each function's
 * first call while the form is being drawn. The other chunks keep V8's lazy compiling.
 */
function compileEagerlyOnLoad(): Plugin {
  return {
    name: 'onewindow-compile-hints',
    // After Vite's own post-processing, which puts a line of its own at the top of the entry.
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const entry = Object.values(bundle).find((output) => output.type === 'chunk' && output.isEntry);
        if (entry?.type !== 'chunk') return;
        for (const file of [entry.fileName, ...entry.imports]) {
          const chunk = bundle[file];
          if (chunk?.type === 'chunk') chunk.code = `//# allFunctionsCalledOnLoad\n${chunk.code}`;
        }
      },
    },
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
          'service-worker': resolve(root, 'src-main/host/service-worker.ts'),
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
    plugins: [
      // No component of ours or of the libraries we use declares data, methods, mixins or option
      // hooks (setup and directives only): Vue's options API is left out of the login screen's script.
      vue({ features: { optionsAPI: false } }),
      // Each view imports the Element Plus components (and their CSS) its template uses, instead of
      // the whole library registered globally: the login screen loads only what it shows, and each
      // area chunk brings its own (tables, date pickers, charts' panels). Our own components are
      // imported by hand, so no folder is scanned.
      components({ dirs: [], dts: false, resolvers: [ElementPlusResolver({ importStyle: 'css', directives: true })] }),
      cspMeta(),
      compileEagerlyOnLoad(),
      chunkMap(),
    ],
    resolve: { alias: { '@domain': resolve(root, 'src-main/domain') } },
    build: {
      outDir: resolve(root, 'out/renderer'),
      // electron-vite leaves the renderer unminified; the first screen pays for every byte it parses.
      minify: true,
      rolldownOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});
