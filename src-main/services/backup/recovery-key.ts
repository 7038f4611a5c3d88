import { randomBytes, scryptSync } from 'node:crypto';
import { deriveDataKeys, Keyring, openBytes, sealBytes } from '../../domain/crypto/sealed.ts';
import { AppError } from '../../domain/errors.ts';

/**
 * The recovery key: the data key sealed under a passphrase the admin chooses, in a small file IT
 * keeps apart from the backups (a backup is useless without the data key, and the data key is
 * never inside a backup). The passphrase is stretched with scrypt (N=2^15, r=8, p=1, as the
 * account passwords); the key is then sealed as personal data is (SM4-CTR + HMAC-SM3), so a
 * wrong passphrase or an edited file fails the MAC and is refused. It carries every key the data
 * key file does: whatever else is derived from the root (fields, blind index, file names, the
 * audit chain's key) comes back with it.
 */
export interface RootKey {
  keyId: number;
  root: Uint8Array;
}

interface RecoveryFile {
  format: 1;
  kind: 'onewindow-recovery-key';
  createdAt: string;
  /** The check value the database records of its key: tells a restore, before decrypting anything, which store this key opens. */
  keyCheck: string;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  sealed: string;
}

const kdf = { N: 2 ** 15, r: 8, p: 1 };
const minPassphraseLength = 12;

export function checkPassphrase(passphrase: string): void {
  if ([...passphrase].length < minPassphraseLength) {
    throw new AppError('VALIDATION', `恢复密钥口令至少 ${minPassphraseLength} 个字符：它是换机恢复数据的唯一钥匙，请用一句只有管理员知道的话。`, { field: 'passphrase' });
  }
}

function passphraseKeys(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }) {
  const stretched = scryptSync(passphrase.normalize('NFC'), salt, 32, { ...params, maxmem: 64 * 1024 * 1024 });
  return deriveDataKeys(0, new Uint8Array(stretched));
}

export function keyCheckOf(key: RootKey): string {
  return Buffer.from(deriveDataKeys(key.keyId, key.root).check).toString('hex');
}

export function writeRecoveryKey(key: RootKey, passphrase: string, now: Date): string {
  checkPassphrase(passphrase);
  const salt = randomBytes(16);
  const payload = new TextEncoder().encode(JSON.stringify({ keyId: key.keyId, root: Buffer.from(key.root).toString('base64') }));
  const sealed = sealBytes(passphraseKeys(passphrase, salt, kdf), payload, randomBytes(16));
  const file: RecoveryFile = {
    format: 1,
    kind: 'onewindow-recovery-key',
    createdAt: now.toISOString(),
    keyCheck: keyCheckOf(key),
    kdf: { name: 'scrypt', ...kdf, salt: salt.toString('base64') },
    sealed: Buffer.from(sealed).toString('base64'),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

function notARecoveryKey(): AppError {
  return new AppError('VALIDATION', '这不是一窗通的恢复密钥文件（格式不符）。请选择导出恢复密钥时保存的 .json 文件。', { field: 'recoveryKey' });
}

/** Opens a recovery key file with its passphrase; a wrong passphrase or a changed file is refused. */
export function readRecoveryKey(text: string, passphrase: string): RootKey & { keyCheck: string } {
  let file: Partial<RecoveryFile>;
  try {
    file = JSON.parse(text) as Partial<RecoveryFile>;
  } catch {
    throw notARecoveryKey();
  }
  if (file.format !== 1 || file.kind !== 'onewindow-recovery-key' || file.kdf?.name !== 'scrypt' || typeof file.sealed !== 'string' || typeof file.kdf.salt !== 'string') {
    throw notARecoveryKey();
  }
  const { N, r, p } = file.kdf;
  if (N !== kdf.N || r !== kdf.r || p !== kdf.p) throw notARecoveryKey();
  const keys = passphraseKeys(passphrase, Buffer.from(file.kdf.salt, 'base64'), kdf);
  let payload: { keyId: number; root: string };
  try {
    payload = JSON.parse(new TextDecoder().decode(openBytes(new Keyring(keys), Buffer.from(file.sealed, 'base64')))) as { keyId: number; root: string };
  } catch {
    throw new AppError('VALIDATION', '恢复密钥口令不对（或文件被改动过），无法打开。请核对口令后重试；什么都没有改动。', { field: 'passphrase' });
  }
  const key = { keyId: payload.keyId, root: new Uint8Array(Buffer.from(payload.root, 'base64')) };
  return { ...key, keyCheck: keyCheckOf(key) };
}
