/**
 * The running PostgreSQL server of a data folder, as its postmaster.pid names it: the gateway
 * adopts a server left by a killed gateway (embedded.ts), and the benches and the demo kill and
 * wait for the one they started (bench/cleanup.ts, scripts/sync-gateway.ts). One reading of the
 * file and one liveness check for all of them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Whether a process with this id runs that this process may signal (signal 0 checks without
 * signalling). A postmaster runs as the user that owns its data folder, which is this process's
 * user or, when this process is root, one root may signal; so EPERM means the id now belongs to
 * another user's process and the pid file is stale. PostgreSQL reasons the same way when it
 * checks a lock file it finds. Any other failure is not a liveness answer and is thrown.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH' || code === 'EPERM') return false;
    throw error;
  }
}

/**
 * The postmaster running in `pgDir` (PostgreSQL's data directory), the port it listens on and its
 * first socket folder (null without one), or null when none runs there. postmaster.pid's first
 * line is its process id, its fourth the port, its fifth the socket folder; the file goes when the
 * server stops, which may be while it is read.
 */
export function runningPostmaster(pgDir: string): { pid: number; port: number; socketDir: string | null } | null {
  let text: string;
  try {
    text = readFileSync(join(pgDir, 'postmaster.pid'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const [pidLine, , , portLine, socketLine] = text.split('\n');
  const pid = Number(pidLine);
  return pid > 0 && processAlive(pid) ? { pid, port: Number(portLine), socketDir: socketLine || null } : null;
}
