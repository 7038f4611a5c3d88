import { randomBytes } from 'node:crypto';
import { blindToken, namePrefixQuery, namePrefixes, normalizeCode, type TokenKind } from '../domain/crypto/blind-index.ts';
import { openBytes, sealBytes, type Keyring } from '../domain/crypto/sealed.ts';
import { ivPool } from '../domain/crypto/iv-pool.ts';
import { AppError } from '../domain/errors.ts';

/** The bytes as a Buffer without copying them (each comes fresh from the primitive). */
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Fresh IVs, a few hundred to a draw from the CSPRNG (iv-pool.ts says why). */
const freshIv = ivPool(randomBytes);

/**
 * What the services use to keep personal data sealed: values in (JSON, sealed with a fresh
 * random IV) and out, blind-index tokens, and attachment bytes. One per open store, made at boot
 * from the data key (services/crypto/data-key.ts).
 */
export class FieldCipher {
  private readonly ring: Keyring;

  constructor(ring: Keyring) {
    this.ring = ring;
  }

  get keyId(): number {
    return this.ring.current.id;
  }

  /** The seed of the device's notice-signing key, from the current data key. */
  get noticeSigningSeed(): Uint8Array {
    return this.ring.current.noticeSigning;
  }

  sealBytes(plain: Uint8Array): Buffer {
    return asBuffer(sealBytes(this.ring.current, plain, freshIv()));
  }

  openBytes(sealed: Uint8Array): Buffer {
    return Buffer.from(openBytes(this.ring, sealed));
  }

  seal(value: unknown): Buffer {
    return this.sealBytes(Buffer.from(JSON.stringify(value), 'utf8'));
  }

  open<T>(sealed: Uint8Array): T {
    return JSON.parse(this.openBytes(sealed).toString('utf8')) as T;
  }

  /** The token of an exact-match value (ID number, phone, applicant key), normalised first. */
  token(kind: Exclude<TokenKind, 'name'>, value: string): Buffer {
    return asBuffer(blindToken(this.ring.current.index, kind, normalizeCode(value)));
  }

  /**
   * One token per prefix of the name (see domain/crypto/blind-index.ts). A batch of many cases (a
   * pulled page) passes a memo it drops when done: surnames and common prefixes repeat, and each
   * token is an HMAC.
   */
  nameTokens(name: string, memo?: Map<string, Buffer>): Buffer[] {
    return namePrefixes(name).map((prefix) => {
      let token = memo?.get(prefix);
      if (!token) {
        token = asBuffer(blindToken(this.ring.current.index, 'name', prefix));
        memo?.set(prefix, token);
      }
      return token;
    });
  }

  nameQuery(query: string): { token: Buffer; prefix: string; needsFilter: boolean } {
    const q = namePrefixQuery(this.ring.current.index, query);
    return { ...q, token: Buffer.from(q.token) };
  }

  /** The keyed link of an audit row (HMAC-SM3 under the audit subkey of the current data key), hex. */
  auditMac(canonical: string): string {
    return Buffer.from(this.ring.current.audit.mac(Buffer.from(canonical, 'utf8'))).toString('hex');
  }

  /**
   * A short keyed tag of a value the trail must not keep in clear (a user name that is no
   * account may be a password typed in the wrong field): equal values give equal tags.
   */
  auditTag(value: string): string {
    return this.auditMac(`tag/${value}`).slice(0, 16);
  }

  /** A keyed name for an attachment's content: equal scans share a file, a known document cannot be recognised by name. */
  fileName(content: Uint8Array): string {
    return Buffer.from(this.ring.current.fileName.mac(content)).toString('hex');
  }
}

/** The store before boot has loaded the key: any use is a programming error, said plainly. */
export const noCipher = new Proxy({} as FieldCipher, {
  get() {
    throw new AppError('INTERNAL', '数据密钥尚未加载，无法读写个人信息。请重新启动程序。');
  },
});
