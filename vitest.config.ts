import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@domain': fileURLToPath(new URL('./src-main/domain', import.meta.url)) },
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', environment: 'node', include: ['tests/unit/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
      },
      {
        extends: true,
        // A real gateway process on a real PostgreSQL: one embedded server per file, one database per gateway.
        test: { name: 'gateway', environment: 'node', include: ['tests/gateway/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000 },
      },
      {
        extends: true,
        test: {
          name: 'component',
          environment: 'happy-dom',
          include: ['tests/component/**/*.test.ts'],
          testTimeout: 30_000,
          // Element Plus's style modules import its .css files (shared/element-plus.ts imports two):
          // through Vite, not Node, which cannot load CSS.
          server: { deps: { inline: [/element-plus\/es\/components\/[^/]+\/style\//] } },
        },
      },
    ],
  },
});
