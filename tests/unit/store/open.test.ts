import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/domain/errors.ts';
import { latestSchemaVersion } from '../../../src-main/store/migrations/index.ts';
import { moveDatabaseAside, openDatabase } from '../../../src-main/store/open.ts';
import { bootServices } from '../../../src-main/host/boot.ts';
import { useTempDir } from '../../helpers/temp.ts';

const tempDir = useTempDir();
const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function openError(path: string): AppError {
  try {
    openDatabase(path);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected openDatabase to refuse');
}

describe('opening the store', () => {
  it('asserts WAL, synchronous=FULL, foreign keys and secure_delete on every open', () => {
    const path = join(tempDir(), 'a.db');
    for (let i = 0; i < 2; i++) {
      const db = openDatabase(path);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('secure_delete', { simple: true })).toBe(1);
      expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
      db.close();
    }
  });

  it('refuses a file that is not a database, with a clear message, leaving it byte-identical', () => {
    const path = join(tempDir(), 'onewindow.db');
    writeFileSync(path, 'this is a spreadsheet, not a database\n'.repeat(200));
    const before = digest(path);
    const error = openError(path);
    expect(error.code).toBe('STORE_CORRUPT');
    expect(error.message).toContain('已损坏或不是一窗通数据库');
    expect(error.message).toContain('--start-fresh');
    expect(digest(path)).toBe(before);
  });

  it('refuses a database written by a newer version and does not touch it', () => {
    const path = join(tempDir(), 'onewindow.db');
    const future = new Database(path);
    future.exec('CREATE TABLE later_feature (x INTEGER) STRICT');
    future.pragma(`user_version = ${latestSchemaVersion + 7}`);
    future.close();
    const before = digest(path);
    const error = openError(path);
    expect(error.code).toBe('STORE_TOO_NEW');
    expect(error.message).toContain(`结构版本 ${latestSchemaVersion + 7}`);
    expect(error.message).toContain('请安装新版本');
    expect(digest(path)).toBe(before);
  });

  it('says which data folder is not writable and what to do', () => {
    // Running as root ignores permission bits, so use a folder that cannot exist: below a file.
    const file = join(tempDir(), 'not-a-folder');
    writeFileSync(file, 'x');
    const error = openError(join(file, 'data', 'onewindow.db'));
    expect(error.code).toBe('STORE_NOT_WRITABLE');
    expect(error.message).toContain(join(file, 'data'));
    expect(error.message).toContain('ONEWINDOW_DATA_DIR');
  });

  it('starts fresh by keeping the corrupt file aside under a new name, never deleting it', () => {
    const dir = tempDir();
    const path = join(dir, 'onewindow.db');
    writeFileSync(path, 'garbage'.repeat(1000));
    const before = digest(path);
    expect(() => bootServices({ dataDir: dir, appVersion: 't' })).toThrow(/已损坏/);
    const services = bootServices({ dataDir: dir, appVersion: 't', startFresh: true });
    try {
      expect(services.movedAsideTo).toMatch(/onewindow\.db\.aside-/);
      expect(digest(services.movedAsideTo ?? '')).toBe(before);
      const centres = services.env.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM centre'));
      expect(centres?.n).toBe(1);
    } finally {
      services.close();
    }
  });

  it('moves the WAL and shared-memory files along with the database', () => {
    const dir = tempDir();
    const path = join(dir, 'x.db');
    for (const suffix of ['', '-wal', '-shm']) writeFileSync(path + suffix, suffix || 'main');
    const aside = moveDatabaseAside(path, new Date('2026-11-26T10:00:00Z'));
    expect(readFileSync(aside, 'utf8')).toBe('main');
    expect(readFileSync(`${aside}-wal`, 'utf8')).toBe('-wal');
    expect(readFileSync(`${aside}-shm`, 'utf8')).toBe('-shm');
  });
});
