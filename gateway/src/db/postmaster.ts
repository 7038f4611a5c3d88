/**
 * The running PostgreSQL server of a data folder, as its postmaster.pid names it: the gateway
 * adopts a server left by a killed gateway (embedded.ts), and the benches and the demo kill and
 * wait for the one they started (bench/cleanup.ts, scripts/sync-gateway.ts). One reading of the
 * file and one liveness check for all of them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Whether a process with this id exists (signal 0 checks without signalling). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The postmaster running in `pgDir` (PostgreSQL's data directory) and the port it listens on, or
 * null when none runs there. postmaster.pid's first line is its process id, its fourth the port;
 * the file goes when the server stops, which may be while it is read.
 */
export function runningPostmaster(pgDir: string): { pid: number; port: number } | null {
  let text: string;
  try {
    text = readFileSync(join(pgDir, 'postmaster.pid'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const [pidLine, , , portLine] = text.split('\n');
  const pid = Number(pidLine);
  return pid > 0 && processAlive(pid) ? { pid, port: Number(portLine) } : null;
}
