/**
 * The peer in the sync benchmarks: the same records replicated with PouchDB, pouchdb-node
 * (LevelDB) in a client process to express-pouchdb in its own process on loopback, with
 * PouchDB's default replication settings. Push: a local database holding the records replicates
 * to an empty server. Pull: an empty local database replicates them from the server.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killPid, killOnExit, lastJsonLine, runNode } from '../cleanup.ts';

export interface PeerTimes {
  pushSeconds: number;
  pullSeconds: number;
  docs: number;
}

async function startServer(dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'pouchdb-server.ts'), dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Killed with the bench if it ends before stop() (Ctrl-C, an uncaught error).
  const forget = killOnExit(() => killPid(child.pid, 'SIGKILL'));
  child.once('exit', () => forget());
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = /POUCHDB_URL=(\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    void exited.then(() => reject(new Error(`the PouchDB server exited:\n${out}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Replicates the documents in `docsFile` (a JSON array, each with a unique `_id`) up to an empty
 * database of the server and down into an empty client, the client in its own process
 * (`pouchdb-client.ts`). `warmUp`, when given, first has the server serve other devices (a
 * replication into another database and back out of it), as the gateway has before its measured push.
 */
export async function pouchdbPeer(docsFile: string, warmUp?: (server: string) => Promise<unknown>): Promise<PeerTimes> {
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-bench-pouchdb-'));
  const server = await startServer(join(dir, 'server'));
  try {
    if (warmUp) await warmUp(server.url);
    return lastJsonLine<PeerTimes>(await runNode(join(import.meta.dirname, 'pouchdb-client.ts'), [`${server.url}/events`, docsFile], 'pipe'));
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
