import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyFileVault } from '../crypto/data-key.ts';
import type { RootKey } from './recovery-key.ts';

/**
 * A restore on a PC that is running: the live database cannot be swapped under the service
 * thread, so the checked backup is staged in the data folder (`restore-staged/`: the database, the
 * scans and the key, complete before the folder gets its name) and put in place at the next start
 * of the services, before the store or the key is opened. The data it replaces is never deleted:
 * it moves to `replaced-<time>/` in the same folder.
 */
export function stagedRestoreDir(dataDir: string): string {
  return join(dataDir, 'restore-staged');
}

/** What a data folder holds of a store, in the order it is moved. The key goes last: a database without its key is refused at start. */
const storeEntries = ['onewindow.db', 'onewindow.db-wal', 'onewindow.db-shm', 'attachments', 'data-key.json'] as const;

export function stageRestore(dataDir: string, backupPath: string, key: RootKey): void {
  const target = stagedRestoreDir(dataDir);
  const partial = `${target}.partial`;
  rmSync(partial, { recursive: true, force: true });
  try {
    mkdirSync(partial, { recursive: true });
    // The backup is no live database (nobody has it open), so a file copy is a faithful one.
    cpSync(join(backupPath, 'onewindow.db'), join(partial, 'onewindow.db'));
    if (existsSync(join(backupPath, 'attachments'))) cpSync(join(backupPath, 'attachments'), join(partial, 'attachments'), { recursive: true });
    // Unwrapped, as the command line's restore writes it: the desktop app wraps it with its keystore at start.
    const keyFile = { format: 1, keyId: key.keyId, protection: keyFileVault.protection, key: Buffer.from(key.root).toString('base64') };
    writeFileSync(join(partial, 'data-key.json'), `${JSON.stringify(keyFile, null, 2)}\n`, { mode: 0o600, flush: true });
    // Staging again replaces an earlier staged restore that never started.
    rmSync(target, { recursive: true, force: true });
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

interface Journal {
  replacedDir: string;
  phase: 'moving-aside' | 'moving-in';
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:.]/g, '');
}

/**
 * Puts a staged restore in place, if there is one; returns where the replaced data went. Each step
 * is a rename recorded in a journal first, so a start interrupted half-way finishes the same
 * restore the next time instead of mixing the two stores.
 */
export function applyStagedRestore(dataDir: string, now = new Date()): string | null {
  const staged = stagedRestoreDir(dataDir);
  if (!existsSync(staged)) return null;
  const journalPath = join(staged, 'journal.json');
  const save = (journal: Journal) => writeFileSync(journalPath, JSON.stringify(journal), { flush: true });
  const journal: Journal = existsSync(journalPath) ? (JSON.parse(readFileSync(journalPath, 'utf8')) as Journal) : { replacedDir: join(dataDir, `replaced-${stamp(now)}`), phase: 'moving-aside' };
  if (journal.phase === 'moving-aside') {
    save(journal);
    mkdirSync(journal.replacedDir, { recursive: true });
    for (const entry of storeEntries) {
      if (existsSync(join(dataDir, entry))) renameSync(join(dataDir, entry), join(journal.replacedDir, entry));
    }
    journal.phase = 'moving-in';
    save(journal);
  }
  for (const entry of storeEntries) {
    if (existsSync(join(staged, entry))) renameSync(join(staged, entry), join(dataDir, entry));
  }
  rmSync(staged, { recursive: true, force: true });
  return journal.replacedDir;
}
