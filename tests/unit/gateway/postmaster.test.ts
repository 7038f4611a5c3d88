/**
 * Reading a data folder's postmaster.pid: a server running there is adopted, a stale file (its
 * process gone) is not. Real processes and real files; no PostgreSQL is needed for these cases.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processAlive, runningPostmaster } from '../../../gateway/src/db/postmaster.ts';
import { useTempDir } from '../../helpers/temp.ts';

const tempDir = useTempDir('onewindow-postmaster-');

/** The id of a process that has run and exited (and been reaped), so no process holds it now. */
function goneProcessId(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the postmaster of a data folder', () => {
  it('sees this process as alive and an exited one as gone', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(goneProcessId())).toBe(false);
  });

  it('names the pid, port and socket folder of a running server, and nothing for a stale file or none', () => {
    const pgDir = tempDir();
    expect(runningPostmaster(pgDir)).toBeNull();
    // postmaster.pid: pid, data folder, start time, port, socket folder, ... (one per line)
    writeFileSync(join(pgDir, 'postmaster.pid'), `${process.pid}\n${pgDir}\n1700000000\n54329\n${pgDir}\n127.0.0.1\n`);
    expect(runningPostmaster(pgDir)).toEqual({ pid: process.pid, port: 54329, socketDir: pgDir });
    // A server started without a Unix socket leaves that line empty.
    writeFileSync(join(pgDir, 'postmaster.pid'), `${process.pid}\n${pgDir}\n1700000000\n54329\n\n127.0.0.1\n`);
    expect(runningPostmaster(pgDir)).toEqual({ pid: process.pid, port: 54329, socketDir: null });
    writeFileSync(join(pgDir, 'postmaster.pid'), `${goneProcessId()}\n${pgDir}\n1700000000\n54329\n`);
    expect(runningPostmaster(pgDir)).toBeNull();
  });
});
