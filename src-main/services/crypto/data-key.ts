import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveDataKeys, Keyring } from '../../domain/crypto/sealed.ts';
import { AppError } from '../../domain/errors.ts';
import type { WriteTx } from '../../store/store.ts';
import { readSetting, writeSetting } from '../settings/settings.ts';

/**
 * The data key: 32 random bytes from which the field, blind-index and attachment subkeys are
 * derived (domain/crypto/sealed.ts). It lives in `data-key.json` beside the database, never in
 * it (nor in backups of it, nor in logs). Wrapped by the OS keystore (Electron safeStorage) when
 * there is one; otherwise stored as is, readable only by the owner, and the UI says so.
 */
export type KeyProtection = 'os-keystore' | 'key-file';

/** Wraps the raw key for the file; Electron's safeStorage in the app, identity elsewhere. */
export interface KeyVault {
  protection: KeyProtection;
  wrap(raw: Buffer): Buffer;
  unwrap(wrapped: Buffer): Buffer;
}

/** No keystore (browser mode, CLI, tests): the file itself is the protection, mode 0600. */
export const keyFileVault: KeyVault = { protection: 'key-file', wrap: (raw) => raw, unwrap: (wrapped) => wrapped };

/**
 * The key as the service thread receives it (structured-cloneable: the Electron main process
 * unwraps it, since safeStorage exists only there). `newFile` is set when no key file existed:
 * the service thread writes it only after checking the database holds nothing sealed by another key.
 */
export interface PreparedDataKey {
  keyId: number;
  root: Uint8Array;
  protection: KeyProtection;
  newFile: string | null;
}

interface KeyFile {
  format: 1;
  keyId: number;
  protection: KeyProtection;
  key: string;
}

export function dataKeyPath(dataDir: string): string {
  return join(dataDir, 'data-key.json');
}

function badKeyFile(path: string, reason: string, cause?: unknown): AppError {
  return new AppError(
    'STORE_CORRUPT',
    `数据密钥文件 ${path} 无法使用（${reason}）。没有它，已加密的个人信息无法读取：请从备份恢复该文件后重新启动；切勿删除它或数据库。`,
    { details: { path }, cause },
  );
}

function parseKeyFile(path: string, text: string): KeyFile {
  let parsed: Partial<KeyFile>;
  try {
    parsed = JSON.parse(text) as Partial<KeyFile>;
  } catch (error) {
    throw badKeyFile(path, '不是有效的 JSON', error);
  }
  if (parsed.format !== 1 || !Number.isInteger(parsed.keyId) || typeof parsed.key !== 'string' || (parsed.protection !== 'os-keystore' && parsed.protection !== 'key-file')) {
    throw badKeyFile(path, '格式不符');
  }
  return parsed as KeyFile;
}

/** Reads (and unwraps) the key file, or draws a new key when there is none. */
export function prepareDataKey(dataDir: string, vault: KeyVault): PreparedDataKey {
  const path = dataKeyPath(dataDir);
  if (!existsSync(path)) {
    const root = randomBytes(32);
    const file: KeyFile = { format: 1, keyId: 1, protection: vault.protection, key: vault.wrap(root).toString('base64') };
    return { keyId: 1, root: new Uint8Array(root), protection: vault.protection, newFile: `${JSON.stringify(file, null, 2)}\n` };
  }
  const file = parseKeyFile(path, readFileSync(path, 'utf8'));
  if (file.protection === 'key-file' && vault.protection === 'os-keystore') {
    // A key restored from a recovery key (services/backup) arrives unprotected, since the command
    // line has no keystore: the first start of the desktop app wraps it with this PC's keystore.
    const root = Buffer.from(file.key, 'base64');
    if (root.length !== 32) throw badKeyFile(path, '密钥长度不对');
    writeKeyFile(path, `${JSON.stringify({ ...file, protection: vault.protection, key: vault.wrap(root).toString('base64') } satisfies KeyFile, null, 2)}\n`);
    return { keyId: file.keyId, root: new Uint8Array(root), protection: vault.protection, newFile: null };
  }
  if (file.protection !== vault.protection) {
    throw badKeyFile(
      path,
      file.protection === 'os-keystore' ? '它由操作系统钥匙串保护，只能在本机的一窗通桌面程序中打开' : '它是未经钥匙串保护的密钥文件，而本程序要求钥匙串保护',
    );
  }
  let root: Buffer;
  try {
    root = vault.unwrap(Buffer.from(file.key, 'base64'));
  } catch (error) {
    throw badKeyFile(path, '操作系统钥匙串无法解开它：可能是换了电脑或系统账户', error);
  }
  if (root.length !== 32) throw badKeyFile(path, '密钥长度不对');
  return { keyId: file.keyId, root: new Uint8Array(root), protection: file.protection, newFile: null };
}

const keyCheckSetting = 'crypto.keyCheck';

/**
 * Binds the key to the database, inside the boot transaction. The database records a check
 * value of its key; a missing key file over a database that has one, or a different key, stops
 * the start with a clear message: a new key must never be laid over data sealed by the old one.
 */
export function establishDataKey(tx: WriteTx, dataDir: string, prepared: PreparedDataKey): Keyring {
  const keys = deriveDataKeys(prepared.keyId, prepared.root);
  const check = Buffer.from(keys.check).toString('hex');
  const recorded = readSetting(tx, keyCheckSetting);
  const path = dataKeyPath(dataDir);
  if (prepared.newFile !== null && recorded !== null) {
    throw new AppError(
      'STORE_CORRUPT',
      `找不到数据密钥文件 ${path}，而数据库中的个人信息是用它加密的。请从备份恢复该文件后重新启动；程序不会生成新密钥覆盖原有数据，数据库未作任何改动。`,
      { details: { path } },
    );
  }
  if (recorded !== null && recorded !== check) {
    throw badKeyFile(path, '它不是加密本数据库时所用的密钥');
  }
  if (recorded === null) writeSetting(tx, keyCheckSetting, check);
  if (prepared.newFile !== null) writeKeyFile(path, prepared.newFile);
  return new Keyring(keys);
}

/** Written whole or not at all (temporary file, then rename), readable only by the owner. */
function writeKeyFile(path: string, content: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600, flush: true });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
