import { AppError } from '../errors.ts';
import { equalBytes, HmacSm3 } from './sm3.ts';
import { Sm4 } from './sm4.ts';

/**
 * Personal data at rest: SM4-CTR with a fresh random IV per value, then HMAC-SM3 over everything
 * before the tag (encrypt-then-MAC), so equal values never look equal and any change is caught.
 *
 * A sealed value, byte by byte:
 *   [0]      format version (1)
 *   [1..2]   key id, big-endian: which data key sealed it, so keys can rotate later
 *   [3..18]  IV (16 random bytes)
 *   [19..]   ciphertext (as long as the plaintext)
 *   last 32  HMAC-SM3(authentication key, all of the above)
 */
export const sealedFormatVersion = 1;
const headerLength = 3;
const ivLength = 16;
const tagLength = 32;

/** The subkeys of one data key. Each has its own purpose, derived so one can never stand in for another. */
export interface DataKeys {
  id: number;
  encryption: Sm4;
  authentication: HmacSm3;
  /** Blind-index tokens (HMAC of normalised search values). */
  index: HmacSm3;
  /** Names of attachment files, so a file's name does not reveal which known document it is. */
  fileName: HmacSm3;
  /** Stored in the database to recognise the key that sealed it: a wrong key is refused, not used. */
  check: Uint8Array;
  /**
   * Links the audit trail's rows (HMAC-SM3 chain): whoever can write the database file but does
   * not hold the data key cannot recompute the chain after changing a row.
   */
  audit: HmacSm3;
  /** The seed of this device's SM2 key for signing printed notices (services/notices/signing.ts). */
  noticeSigning: Uint8Array;
}

const utf8 = new TextEncoder();

/** Subkeys from the random root: HMAC-SM3(root, label), one label per purpose. */
export function deriveDataKeys(id: number, root: Uint8Array): DataKeys {
  if (root.length !== 32) throw new Error(`the data key must be 32 bytes, got ${root.length}`);
  const kdf = new HmacSm3(root);
  const sub = (label: string) => kdf.mac(utf8.encode(`OneWindow data key v1/${label}`));
  return {
    id,
    encryption: new Sm4(sub('field encryption').subarray(0, 16)),
    authentication: new HmacSm3(sub('field authentication')),
    index: new HmacSm3(sub('blind index')),
    fileName: new HmacSm3(sub('attachment file name')),
    check: sub('key check').subarray(0, 16),
    audit: new HmacSm3(sub('audit chain')),
    noticeSigning: sub('notice signing'),
  };
}

/** The data keys this installation knows: new values are sealed with `current`, old ones opened by id. */
export class Keyring {
  readonly current: DataKeys;
  private readonly byId: Map<number, DataKeys>;

  constructor(current: DataKeys, older: readonly DataKeys[] = []) {
    this.current = current;
    this.byId = new Map([...older, current].map((keys) => [keys.id, keys]));
  }

  keys(id: number): DataKeys | undefined {
    return this.byId.get(id);
  }
}

export function sealBytes(keys: DataKeys, plaintext: Uint8Array, iv: Uint8Array): Uint8Array {
  const out = new Uint8Array(headerLength + ivLength + plaintext.length + tagLength);
  out[0] = sealedFormatVersion;
  out[1] = keys.id >>> 8;
  out[2] = keys.id & 0xff;
  out.set(iv, headerLength);
  out.set(keys.encryption.ctr(iv, plaintext), headerLength + ivLength);
  const bodyEnd = out.length - tagLength;
  out.set(keys.authentication.mac(out.subarray(0, bodyEnd)), bodyEnd);
  return out;
}

function unreadable(reason: string): AppError {
  return new AppError(
    'INTERNAL',
    `加密的个人信息无法解密（${reason}）：数据可能被改动，或数据密钥与数据库不匹配。请勿继续录入，联系管理员从备份恢复。`,
  );
}

export function sealedKeyId(sealed: Uint8Array): number {
  return ((sealed[1] ?? 0) << 8) | (sealed[2] ?? 0);
}

export function openBytes(ring: Keyring, sealed: Uint8Array): Uint8Array {
  if (sealed.length < headerLength + ivLength + tagLength) throw unreadable('长度不足');
  if (sealed[0] !== sealedFormatVersion) throw unreadable(`未知格式版本 ${sealed[0]}`);
  const keys = ring.keys(sealedKeyId(sealed));
  if (!keys) throw unreadable(`缺少编号为 ${sealedKeyId(sealed)} 的数据密钥`);
  const bodyEnd = sealed.length - tagLength;
  if (!equalBytes(keys.authentication.mac(sealed.subarray(0, bodyEnd)), sealed.subarray(bodyEnd))) throw unreadable('校验码不符');
  return keys.encryption.ctr(sealed.subarray(headerLength, headerLength + ivLength), sealed.subarray(headerLength + ivLength, bodyEnd));
}
