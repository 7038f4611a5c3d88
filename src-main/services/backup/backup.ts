import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { deriveDataKeys, Keyring, openBytes } from '../../domain/crypto/sealed.ts';
import { AppError } from '../../domain/errors.ts';
import type { SqliteDb } from '../../store/open.ts';
import { attachmentsDir } from '../attachments/store.ts';
import type { RootKey } from './recovery-key.ts';

/**
 * Backups of the local store: `<folder>/onewindow-<time>/` holding the database (written by
 * SQLite's online backup API from the live connection: a consistent snapshot while clerks keep
 * working, never a file copy of a database in use), the sealed scan files and a manifest. The data
 * key is never in a backup; the recovery key (recovery-key.ts) carries it.
 */
export interface BackupManifest {
  format: 1;
  createdAt: string;
  appVersion: string;
  schemaVersion: number;
  keyCheck: string;
  counts: { cases: number; attachments: number; auditRows: number };
  databaseBytes: number;
}

export interface BackupRecord {
  name: string;
  path: string;
  manifest: BackupManifest;
}

export function defaultBackupFolder(dataDir: string): string {
  return join(dataDir, 'backups');
}

const backupPrefix = 'onewindow-';
const inProgressSuffix = '.partial';

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:.]/g, '');
}

/** Checks a written backup: SQLite's integrity check, the key's check value, and a sealed value opened with the key. */
export function verifyBackup(path: string, key: RootKey): BackupManifest {
  const manifestPath = join(path, 'manifest.json');
  const databasePath = join(path, 'onewindow.db');
  if (!existsSync(manifestPath) || !existsSync(databasePath)) {
    throw new AppError('NOT_FOUND', `${path} 不是完整的一窗通备份（缺少 manifest.json 或 onewindow.db）。`, { field: 'backup' });
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BackupManifest;
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new AppError('STORE_CORRUPT', `备份 ${path} 的完整性检查未通过：${String(integrity)}。`);
    const keys = deriveDataKeys(key.keyId, key.root);
    const recorded = (db.prepare("SELECT value FROM setting WHERE key = 'crypto.keyCheck'").get() as { value: string } | undefined)?.value;
    if (recorded !== Buffer.from(keys.check).toString('hex') || manifest.keyCheck !== recorded) {
      throw new AppError('VALIDATION', '这把数据密钥打不开该备份（密钥与备份不匹配）。请使用导出自该数据库的恢复密钥。', { field: 'recoveryKey' });
    }
    const sealed = db.prepare('SELECT personal FROM case_record WHERE personal IS NOT NULL LIMIT 1').pluck().get() as Buffer | undefined;
    if (sealed) openBytes(new Keyring(keys), sealed);
    return manifest;
  } finally {
    db.close();
  }
}

/** Copies the sealed scan files (immutable, named by content) beside the database snapshot. */
function copyAttachments(dataDir: string, target: string): number {
  const source = attachmentsDir(dataDir);
  if (!existsSync(source)) return 0;
  cpSync(source, join(target, 'attachments'), { recursive: true, filter: (path) => !path.endsWith('.tmp') });
  return readdirSync(join(target, 'attachments'), { recursive: true }).filter((entry) => statSync(join(target, 'attachments', String(entry))).isFile()).length;
}

export interface BackupOptions {
  db: SqliteDb;
  dataDir: string;
  folder: string;
  key: RootKey;
  keep: number;
  appVersion: string;
  now: Date;
}

/**
 * Writes one backup, checks it, then drops the oldest beyond `keep`. Written under a `.partial`
 * name and renamed only once checked, so a failed or interrupted backup never counts as one (and
 * is removed); older backups are dropped only after the new one passed.
 */
export async function backupNow(options: BackupOptions): Promise<BackupRecord> {
  const name = `${backupPrefix}${stamp(options.now)}`;
  const finalPath = join(options.folder, name);
  const partial = `${finalPath}${inProgressSuffix}`;
  try {
    mkdirSync(partial, { recursive: true });
  } catch (error) {
    throw new AppError('EXPORT_FAILED', `无法在 ${options.folder} 写入备份（${(error as NodeJS.ErrnoException).code ?? String(error)}）。请检查该文件夹是否存在、可写、空间足够。`, { cause: error });
  }
  try {
    await options.db.backup(join(partial, 'onewindow.db'));
    // The copy keeps the live file's WAL mode; a backup is one self-contained file instead.
    const copy = new Database(join(partial, 'onewindow.db'));
    copy.pragma('journal_mode = DELETE');
    copy.close();
    // Scans are written before their rows, so every file the snapshot names already exists.
    const attachments = copyAttachments(options.dataDir, partial);
    const snapshot = new Database(join(partial, 'onewindow.db'), { readonly: true });
    let manifest: BackupManifest;
    try {
      const count = (sql: string) => (snapshot.prepare(sql).pluck().get() as number | undefined) ?? 0;
      manifest = {
        format: 1,
        createdAt: options.now.toISOString(),
        appVersion: options.appVersion,
        schemaVersion: snapshot.pragma('user_version', { simple: true }) as number,
        keyCheck: (snapshot.prepare("SELECT value FROM setting WHERE key = 'crypto.keyCheck'").pluck().get() as string | undefined) ?? '',
        counts: { cases: count('SELECT count(*) FROM case_record'), attachments, auditRows: count('SELECT count(*) FROM audit_log') },
        databaseBytes: statSync(join(partial, 'onewindow.db')).size,
      };
    } finally {
      snapshot.close();
    }
    writeFileSync(join(partial, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { flush: true });
    verifyBackup(partial, options.key);
    renameSync(partial, finalPath);
    pruneBackups(options.folder, options.keep);
    return { name, path: finalPath, manifest };
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (error instanceof AppError) throw error;
    throw new AppError('EXPORT_FAILED', `备份失败：${error instanceof Error ? error.message : String(error)}。已删除未完成的备份，原数据库未受影响。`, { cause: error });
  }
}

/** The finished backups in a folder, newest first. */
export function listBackups(folder: string): BackupRecord[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.startsWith(backupPrefix) && !name.endsWith(inProgressSuffix) && existsSync(join(folder, name, 'manifest.json')))
    .sort()
    .reverse()
    .map((name) => ({ name, path: join(folder, name), manifest: JSON.parse(readFileSync(join(folder, name, 'manifest.json'), 'utf8')) as BackupManifest }));
}

function pruneBackups(folder: string, keep: number): void {
  for (const old of listBackups(folder).slice(keep)) rmSync(old.path, { recursive: true, force: true });
}
