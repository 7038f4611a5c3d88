/**
 * The admin screen's backups: list, back up now, export the recovery key, restore a chosen
 * backup with the recovery key. The scheduler and the command line share backup.ts; what is
 * here is what a running app adds (the key it holds, the staged restore, the audit trail).
 */
import type { BackupListView, BackupView, DownloadView, RestoreView } from '../../domain/api/deploy-views.ts';
import { configDefaults } from '../../domain/site/effective.ts';
import { AppError } from '../../domain/errors.ts';
import type { ReadTx } from '../../store/store.ts';
import type { ServiceEnv } from '../env.ts';
import { readSetting } from '../settings/settings.ts';
import { appliedSite } from '../site/site-file.ts';
import { backupNow, defaultBackupFolder, listBackups, verifyBackup, type BackupRecord } from './backup.ts';
import { readRecoveryKey, writeRecoveryKey } from './recovery-key.ts';
import { stageRestore } from './staged-restore.ts';

/** How many backups are kept: the site file's, else this PC's setting, else the default. */
export function backupsKept(tx: ReadTx): number {
  return appliedSite(tx)?.backup?.keep ?? (Number(readSetting(tx, 'backup.keep')) || configDefaults.backupKeep);
}

function toView(record: BackupRecord): BackupView {
  const { manifest } = record;
  return {
    name: record.name,
    createdAt: manifest.createdAt,
    appVersion: manifest.appVersion,
    schemaVersion: manifest.schemaVersion,
    cases: manifest.counts.cases,
    attachments: manifest.counts.attachments,
    auditRows: manifest.counts.auditRows,
    databaseBytes: manifest.databaseBytes,
  };
}

const systemActor = (env: ServiceEnv, userId: string) => ({ actor: { userId, role: 'admin' as const }, deviceId: env.deviceId, now: env.clock() });

export function backupList(env: ServiceEnv): BackupListView {
  const folder = defaultBackupFolder(env.dataDir);
  return { folder, keep: env.store.read((tx) => backupsKept(tx)), backups: listBackups(folder).map(toView) };
}

export async function runBackup(env: ServiceEnv, userId: string): Promise<BackupView> {
  const keep = env.store.read((tx) => backupsKept(tx));
  const record = await backupNow({ db: env.store.db, dataDir: env.dataDir, folder: defaultBackupFolder(env.dataDir), key: env.dataKey, keep, appVersion: env.appVersion, now: env.clock() });
  env.store.write(systemActor(env, userId), (tx) => tx.audit({ action: 'backup.run', target: record.name, detail: { cases: record.manifest.counts.cases, auditRows: record.manifest.counts.auditRows } }));
  return toView(record);
}

export function exportRecoveryKey(env: ServiceEnv, userId: string, passphrase: string): DownloadView {
  const now = env.clock();
  const content = writeRecoveryKey(env.dataKey, passphrase, now);
  env.store.write(systemActor(env, userId), (tx) => tx.audit({ action: 'backup.exportRecoveryKey' }));
  return { fileName: `onewindow-recovery-key-${env.deviceId.slice(0, 8)}-${now.toISOString().slice(0, 10)}.json`, mimeType: 'application/json', content };
}

/**
 * Checks everything before anything is written (the passphrase opens the key, the key is the one
 * the backup was sealed with, the backup passes its integrity check), stages the restore and asks
 * for the restart that puts it in place. A refusal changes nothing, and is on record.
 */
export function restoreFromBackup(env: ServiceEnv, userId: string, input: { backup: string; recoveryKey: string; passphrase: string }): RestoreView {
  const record = listBackups(defaultBackupFolder(env.dataDir)).find((b) => b.name === input.backup);
  if (!record) throw new AppError('NOT_FOUND', `找不到备份 ${input.backup}，请刷新列表后重新选择。`, { field: 'backup' });
  try {
    const key = readRecoveryKey(input.recoveryKey, input.passphrase);
    verifyBackup(record.path, key);
    stageRestore(env.dataDir, record.path, key);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    env.store.write(systemActor(env, userId), (tx) => tx.audit({ action: 'backup.restore', target: record.name, outcome: 'failed', detail: { code: error instanceof AppError ? error.code : 'INTERNAL', message } }));
    throw error;
  }
  env.store.write(systemActor(env, userId), (tx) => tx.audit({ action: 'backup.restore', target: record.name, detail: { cases: record.manifest.counts.cases } }));
  const restarting = env.requestRestart !== undefined;
  env.requestRestart?.();
  return { backup: record.name, cases: record.manifest.counts.cases, auditRows: record.manifest.counts.auditRows, restarting };
}
