import { accessSync, constants, existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../domain/errors.ts';
import { latestSchemaVersion, migrations } from './migrations/index.ts';
import type { Migration } from './migrations/types.ts';

export type SqliteDb = Database.Database;

/**
 * Opens (creating if needed) the local database and brings its schema up to date.
 * Refuses, without touching the file, a file that is not a SQLite database and one written by a
 * newer OneWindow: both are left exactly as found so nothing a clerk entered is lost.
 */
export function openDatabase(path: string): SqliteDb {
  ensureWritableFolder(dirname(path));
  const isNew = !existsSync(path);
  if (!isNew) ensureWritableFiles(path);
  let db: SqliteDb;
  try {
    // fileMustExist=false creates it; readonly probing first keeps a corrupt file byte-identical.
    if (!isNew) probeReadable(path);
    db = new Database(path);
  } catch (error) {
    throw asOpenError(error, path);
  }
  try {
    applyPragmas(db);
    migrate(db, path);
    return db;
  } catch (error) {
    db.close();
    throw asOpenError(error, path);
  }
}

function probeReadable(path: string): void {
  const probe = new Database(path, { readonly: true, fileMustExist: true });
  try {
    // Reading the schema forces SQLite to read the header: a non-database fails here.
    probe.prepare('SELECT count(*) FROM sqlite_master').get();
    const version = probe.pragma('user_version', { simple: true }) as number;
    if (version > latestSchemaVersion) throw tooNew(path, version);
  } finally {
    probe.close();
  }
}

function tooNew(path: string, version: number): AppError {
  return new AppError(
    'STORE_TOO_NEW',
    `数据库 ${path} 由更新版本的一窗通写入（结构版本 ${version}，本程序最高支持 ${latestSchemaVersion}）。请安装新版本后再打开；数据库未作任何改动。`,
    { details: { path, version, supported: latestSchemaVersion } },
  );
}

function asOpenError(error: unknown, path: string): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new AppError(
      'STORE_CORRUPT',
      `数据库文件 ${path} 已损坏或不是一窗通数据库。原文件未作任何改动。可以选择“另存旧文件并重新开始”（命令行加 --start-fresh），旧文件会改名保留在同一目录。`,
      { details: { path }, cause: error },
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'EACCES' || code === 'EROFS') {
    return notWritable(dirname(path), error);
  }
  return new AppError('INTERNAL', `打开数据库 ${path} 失败：${(error as Error).message}`, { cause: error });
}

function notWritable(folder: string, cause?: unknown): AppError {
  return new AppError(
    'STORE_NOT_WRITABLE',
    `数据目录 ${folder} 不可写。请检查该目录的权限，或设置环境变量 ONEWINDOW_DATA_DIR 指向一个可写的目录后重新启动。`,
    { details: { folder }, cause },
  );
}

/**
 * A database file (or its WAL) that cannot be written is opened by SQLite read-only without a
 * word, and the first write fails much later: say so at start, naming the file, and touch nothing.
 */
function ensureWritableFiles(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (!existsSync(file)) continue;
    try {
      accessSync(file, constants.W_OK | constants.R_OK);
    } catch (error) {
      throw new AppError(
        'STORE_NOT_WRITABLE',
        `数据库文件 ${file} 是只读的，一窗通无法在其中保存任何内容。请把该文件的权限改为当前用户可写（Windows：右键“属性”，取消“只读”）后重新启动；数据库未作任何改动。`,
        { details: { file }, cause: error },
      );
    }
  }
}

function ensureWritableFolder(folder: string): void {
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK | constants.R_OK);
  } catch (error) {
    throw notWritable(folder, error);
  }
}

/**
 * Durability settings are asserted, not just requested: a pragma SQLite silently ignores (for
 * example WAL on a file system that cannot do it) must stop the app rather than lose writes.
 */
export function applyPragmas(db: SqliteDb): void {
  const journal = db.pragma('journal_mode = WAL', { simple: true });
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Freed pages are zeroed so deleted personal data does not linger in the file.
  db.pragma('secure_delete = ON');
  const checks: Array<[string, unknown, unknown]> = [
    ['journal_mode', journal, 'wal'],
    ['synchronous', db.pragma('synchronous', { simple: true }), 2],
    ['foreign_keys', db.pragma('foreign_keys', { simple: true }), 1],
  ];
  for (const [name, actual, expected] of checks) {
    if (actual !== expected) {
      throw new AppError('INTERNAL', `数据库参数 ${name} 应为 ${String(expected)}，实际为 ${String(actual)}；为防止数据丢失已停止打开。`);
    }
  }
}

export function schemaVersion(db: SqliteDb): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every pending migration in one transaction, so a failure leaves the old schema. */
export function migrate(db: SqliteDb, path = db.name, list: readonly Migration[] = migrations): void {
  const current = schemaVersion(db);
  const newest = list.at(-1)?.version ?? 0;
  if (current > newest) throw tooNew(path, current);
  const pending = list.filter((m) => m.version > current);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const migration of pending) {
      db.exec(migration.up);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
}

/**
 * Keeps a corrupt or unwanted database aside (renamed, never deleted) so the app can start with
 * a new one. The WAL and shared-memory files travel with it.
 */
export function moveDatabaseAside(path: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const aside = `${path}.aside-${stamp}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
  }
  return aside;
}
