/**
 * Personal data at rest on the gateway: the app's own sealing (SM4-CTR + HMAC-SM3, one random IV
 * per value) and blind index, from src-main/domain/crypto, under the gateway's data key.
 */
import { randomBytes } from 'node:crypto';
import { blindToken, normalizeCode, normalizeName } from '../../src-main/domain/crypto/blind-index.ts';
import { ivPool } from '../../src-main/domain/crypto/iv-pool.ts';
import { deriveDataKeys, Keyring, openBytes, sealBytes, type DataKeys } from '../../src-main/domain/crypto/sealed.ts';
import type { CasePersonal } from '../../src-main/domain/sync/case-header.ts';

/** Fresh IVs, a few hundred to a draw from the CSPRNG (iv-pool.ts says why). */
const freshIv = ivPool(randomBytes);

/** The bytes as a Buffer without copying them (each comes fresh from the primitive). */
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export class Sealer {
  private readonly keys: DataKeys;
  private readonly ring: Keyring;

  constructor(root: Uint8Array) {
    this.keys = deriveDataKeys(1, root);
    this.ring = new Keyring(this.keys);
  }

  seal(plain: Uint8Array): Buffer {
    return asBuffer(sealBytes(this.keys, plain, freshIv()));
  }

  open(sealed: Uint8Array): Buffer {
    return Buffer.from(openBytes(this.ring, sealed));
  }

  sealJson(value: unknown): Buffer {
    return this.seal(Buffer.from(JSON.stringify(value), 'utf8'));
  }

  openJson<T>(sealed: Uint8Array): T {
    return JSON.parse(this.open(sealed).toString('utf8')) as T;
  }

  /** Tokens a case is found by centrally: the ID numbers, the phones and the full names. */
  personalTokens(p: CasePersonal): Buffer[] {
    const tokens: Uint8Array[] = [blindToken(this.keys.index, 'name', normalizeName(p.name))];
    for (const id of [p.idNumber, p.agentIdNumber]) if (id) tokens.push(blindToken(this.keys.index, 'id', normalizeCode(id)));
    for (const phone of [p.phone, p.agentPhone]) if (phone) tokens.push(blindToken(this.keys.index, 'phone', normalizeCode(phone)));
    const unique = new Map(tokens.map((t) => [Buffer.from(t).toString('hex'), Buffer.from(t)]));
    return [...unique.values()];
  }
}
