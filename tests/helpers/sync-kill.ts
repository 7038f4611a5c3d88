/**
 * The app in a child process of its own (tests/helpers/sync-child.ts: the real services and sync
 * engine on a data folder), for the faults that SIGKILL it mid-sync. The test kills it from a
 * fault proxy's hook, or when the child says it has reached a given moment, then opens the same
 * folder itself.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const childScript = join(import.meta.dirname, 'sync-child.ts');

export interface SyncChild {
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  /** Resolves when the child has written `text` on its output (rejects if it exits first). */
  said(text: string): Promise<void>;
  kill(): void;
}

/** Runs 立即同步 on `dataDir` in a child process until `kill()`; `exited` resolves when it died. */
export function runSyncChild(dataDir: string, args: string[] = []): SyncChild {
  const child = spawn(process.execPath, [childScript, dataDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const heard = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', heard);
  child.stderr.on('data', heard);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, output })));
  return {
    exited,
    said: (text) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!output.includes(text)) return;
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        check();
        void exited.then(({ code, signal }) => reject(new Error(`the sync child exited (${signal ?? code}) before saying “${text}”:\n${output}`)));
      }),
    kill: () => void child.kill('SIGKILL'),
  };
}
