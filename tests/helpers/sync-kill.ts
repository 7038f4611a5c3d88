/**
 * The app in a child process of its own (tests/helpers/sync-child.ts: the real services and sync
 * engine on a data folder), for the faults that SIGKILL it mid-sync. The test kills it from a
 * fault proxy's hook, at a moment of its choosing, then opens the same folder itself.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const childScript = join(import.meta.dirname, 'sync-child.ts');

export interface SyncChild {
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  kill(): void;
}

/** Runs 立即同步 on `dataDir` in a child process until `kill()`; `exited` resolves when it died. */
export function runSyncChild(dataDir: string): SyncChild {
  const child = spawn(process.execPath, [childScript, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return {
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, output }))),
    kill: () => void child.kill('SIGKILL'),
  };
}
