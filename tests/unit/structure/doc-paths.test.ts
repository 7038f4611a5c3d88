import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every file the README and docs/ name exists. A path is read where the text would send a reader:
 * from the repository, from the document's folder, or (as the README's folder map writes them)
 * from `src-main/` and `src-renderer/src/`. Build output (`out/`), system paths and patterns with
 * placeholders are not files of the tree.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
const documents = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
const bases = ['', 'src-main', 'src-renderer/src'];

/** Paths in backticks (with a folder and an extension) and relative link targets. */
function namedPaths(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/`([\w.@-]+(?:\/[\w.@-]+)+\.[a-z]{2,5})`/g)) found.add(m[1] as string);
  for (const m of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) found.add(m[1] as string);
  return [...found].filter((path) => !/^(https?:|mailto:|\/|out\/)/.test(path));
}

function exists(document: string, path: string): boolean {
  return [dirname(document), ...bases].some((base) => existsSync(join(root, base, path)));
}

describe('paths named in the README and docs/', () => {
  it('reads some paths from each document, so the check is not empty', () => {
    expect(namedPaths(readFileSync(join(root, 'README.md'), 'utf8')).length).toBeGreaterThan(20);
  });

  for (const document of documents) {
    it(`${document}: every named file exists`, () => {
      const missing = namedPaths(readFileSync(join(root, document), 'utf8')).filter((path) => !exists(document, path));
      expect(missing).toEqual([]);
    });
  }
});
