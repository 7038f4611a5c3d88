import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What the shell remembers across an update, so an update that fails to start is rolled back: the
 * version it left and the one it installed, and how many starts of the new one have not reached a
 * working window yet. Written just before installing; cleared once the new version is running.
 */
export interface PendingUpdate {
  from: string;
  to: string;
  failedStarts: number;
}

/** A new version that twice never got as far as a working window is taken back. */
export const maxFailedStarts = 2;

export function updateRecordPath(userDataDir: string): string {
  return join(userDataDir, 'pending-update.json');
}

export function recordPendingUpdate(userDataDir: string, from: string, to: string): void {
  writeFileSync(updateRecordPath(userDataDir), `${JSON.stringify({ from, to, failedStarts: 0 } satisfies PendingUpdate)}\n`);
}

export type StartVerdict =
  | { action: 'none' }
  /** Running the new version: it counts as failed until `markStarted` clears the record. */
  | { action: 'watch'; update: PendingUpdate }
  /** The new version failed to start too often: reinstall the one it replaced. */
  | { action: 'roll-back'; update: PendingUpdate }
  /** Still on the old version: the installer did not complete; nothing to undo. */
  | { action: 'install-failed'; update: PendingUpdate };

/** Called at every start, before anything else can fail. */
export function onStart(userDataDir: string, runningVersion: string): StartVerdict {
  const path = updateRecordPath(userDataDir);
  if (!existsSync(path)) return { action: 'none' };
  let update: PendingUpdate;
  try {
    update = JSON.parse(readFileSync(path, 'utf8')) as PendingUpdate;
  } catch {
    rmSync(path, { force: true });
    return { action: 'none' };
  }
  if (runningVersion === update.from) {
    rmSync(path, { force: true });
    return { action: 'install-failed', update };
  }
  if (runningVersion !== update.to) {
    rmSync(path, { force: true });
    return { action: 'none' };
  }
  if (update.failedStarts >= maxFailedStarts) return { action: 'roll-back', update };
  const counted = { ...update, failedStarts: update.failedStarts + 1 };
  writeFileSync(path, `${JSON.stringify(counted)}\n`);
  return { action: 'watch', update: counted };
}

/** The new version reached a working window: the update is done. */
export function markStarted(userDataDir: string): void {
  rmSync(updateRecordPath(userDataDir), { force: true });
}
