import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

function tempDirs(prefix: string, removeAfter: (remove: () => void) => void): () => string {
  const made: string[] = [];
  removeAfter(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

/** A fresh temporary folder per test, removed afterwards: tests use real SQLite files. */
export function useTempDir(prefix = 'onewindow-test-'): () => string {
  return tempDirs(prefix, afterEach);
}

/**
 * Temporary folders that outlive one test (a database a `describe` block opens for all its tests),
 * removed after the file's last test. Call it at the top of the file, not inside a `describe`.
 */
export function useFileTempDir(prefix: string): () => string {
  return tempDirs(prefix, afterAll);
}
