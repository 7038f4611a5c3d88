import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../domain/errors.ts';
import { dataKeyPath, type KeyVault } from '../crypto/data-key.ts';
import { databasePath } from '../paths.ts';
import { verifyBackup, type BackupManifest } from './backup.ts';
import { readRecoveryKey } from './recovery-key.ts';

export interface RestoreRequest {
  /** A backup folder (`onewindow-<time>`), as written by backupNow. */
  backup: string;
  /** The recovery key file's text and its passphrase. */
  recoveryKey: string;
  passphrase: string;
  /** The new PC's data folder: it must hold no database yet. */
  dataDir: string;
  /** How the new PC keeps its data key (its OS keystore in the desktop app). */
  vault: KeyVault;
}

/**
 * Restores a backup into a new data folder: the database, the sealed scans, and the data key from
 * the recovery key, wrapped by this PC's keystore. Everything is checked first (the key opens the
 * recovery file, matches the backup, the backup passes its integrity check and its sealed values
 * open), and the files are put in place under a staging name and renamed at the end; a refusal
 * changes nothing. An existing database is never overwritten: restoring over live data would lose
 * whatever was entered since the backup.
 */
export function restoreBackup(request: RestoreRequest): BackupManifest {
  const target = databasePath(request.dataDir);
  if (existsSync(target) || existsSync(dataKeyPath(request.dataDir))) {
    throw new AppError('CONFLICT', `数据文件夹 ${request.dataDir} 已有数据库或数据密钥，恢复不会覆盖它们。请在新电脑或空的数据文件夹上恢复；什么都没有改动。`, { field: 'dataDir' });
  }
  if (!request.recoveryKey.trim()) {
    throw new AppError('VALIDATION', '没有恢复密钥，备份无法打开（数据密钥不在备份里）。请提供导出的恢复密钥文件及其口令；什么都没有改动。', { field: 'recoveryKey' });
  }
  const key = readRecoveryKey(request.recoveryKey, request.passphrase);
  const manifest = verifyBackup(request.backup, key);

  mkdirSync(request.dataDir, { recursive: true });
  const staging = join(request.dataDir, `.restore-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(staging);
    // The backup file is no live database (nobody has it open), so a file copy is a faithful one.
    cpSync(join(request.backup, 'onewindow.db'), join(staging, 'onewindow.db'));
    if (existsSync(join(request.backup, 'attachments'))) cpSync(join(request.backup, 'attachments'), join(staging, 'attachments'), { recursive: true });
    const keyFile = { format: 1, keyId: key.keyId, protection: request.vault.protection, key: request.vault.wrap(Buffer.from(key.root)).toString('base64') };
    writeFileSync(join(staging, 'data-key.json'), `${JSON.stringify(keyFile, null, 2)}\n`, { mode: 0o600, flush: true });
    // The key last: a database without its key is refused at start, never given a new key.
    for (const entry of ['attachments', 'onewindow.db', 'data-key.json']) {
      if (existsSync(join(staging, entry))) renameSync(join(staging, entry), join(request.dataDir, entry));
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return manifest;
}
