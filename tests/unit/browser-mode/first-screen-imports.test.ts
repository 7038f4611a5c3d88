import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');

/**
 * The modules Node loads before browser mode's first line of work: everything reachable through
 * static imports (`import type` is erased; `await import()` waits until it is reached).
 */
function staticClosure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [resolve(root, entry)];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^import\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm)) {
      const specifier = match[1] as string;
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier));
      else packages.add(specifier);
    }
  }
  return { files: new Set([...files].map((f) => relative(root, f))), packages };
}

describe('browser mode serves the login page before it loads the services', () => {
  const { files, packages } = staticClosure('src-main/browser-mode/main.ts');

  it('its entry loads nothing but node:module before turning the compile cache on', () => {
    expect([...files]).toEqual(['src-main/browser-mode/main.ts']);
    expect([...packages]).toEqual(['node:module']);
  });

  it('what it loads up to listening holds no schema library, no database, no service host, no API table', () => {
    const beforeListening = staticClosure('src-main/browser-mode/launch.ts');
    expect([...beforeListening.packages].filter((p) => !p.startsWith('node:'))).toEqual([]);
    const loaded = [...beforeListening.files];
    expect(loaded).toContain('src-main/browser-mode/server.ts');
    for (const heavy of ['src-main/host/', 'src-main/api/', 'src-main/store/', 'src-main/domain/api/operations', 'src-main/domain/api/input-guard.ts']) {
      expect(
        loaded.filter((f) => f.startsWith(heavy)),
        heavy,
      ).toEqual([]);
    }
  });
});
