import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Small modules: no source file over 400 lines. The exceptions are written here, each with the
 * README's reason ("Files over 400 lines"); an exception that has shrunk under the limit must
 * leave the list, so the list stays short and true.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
const limit = 400;
const folders = ['src-main', 'src-renderer', 'gateway', 'bench', 'scripts'];
const sourceFile = /\.(ts|js|mjs|cjs|vue)$/;
const skipped = new Set(['node_modules', 'out', 'dist', '.data']);

const exceptions: Record<string, string> = {
  'bench/fixtures/million-plan.ts': 'the 1M-case fixture plan: one seeded pass that decides every case, see the README',
  'bench/fixtures/million.ts': 'the 1M-case fixture writer: every table in one transaction per batch, see the README',
};

function sourcesUnder(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (skipped.has(entry.name)) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...sourcesUnder(path));
    else if (sourceFile.test(entry.name)) found.push(path);
  }
  return found;
}

function linesOf(path: string): number {
  const text = readFileSync(path, 'utf8');
  return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

const sizes = folders.flatMap((folder) => sourcesUnder(join(root, folder))).map((path) => ({ file: relative(root, path).replaceAll('\\', '/'), lines: linesOf(path) }));

describe('small modules', () => {
  it('finds the sources it is meant to check', () => {
    expect(sizes.some((s) => s.file === 'src-main/domain/lifecycle/machine.ts')).toBe(true);
    expect(sizes.some((s) => s.file.startsWith('src-renderer/') && s.file.endsWith('.vue'))).toBe(true);
    expect(sizes.some((s) => s.file.startsWith('gateway/src/'))).toBe(true);
  });

  it(`has no source file over ${limit} lines outside the written exceptions`, () => {
    const over = sizes.filter((s) => s.lines > limit && !(s.file in exceptions)).map((s) => `${s.file}: ${s.lines} lines`);
    expect(over).toEqual([]);
  });

  it('lists only exceptions that exist and are still over the limit', () => {
    const stale = Object.keys(exceptions).filter((file) => !sizes.some((s) => s.file === file && s.lines > limit));
    expect(stale).toEqual([]);
  });
});
