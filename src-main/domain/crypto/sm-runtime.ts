import { HmacSm3 } from './sm3.ts';
import { Sm4 } from './sm4.ts';

/**
 * Which SM4 and HMAC-SM3 seal personal data in this process: the runtime's OpenSSL when it has
 * them (Node 24 ships OpenSSL 3.5: the gateway, the bench, browser mode), our JavaScript otherwise
 * (Electron's Node is built on BoringSSL, which has neither: an installed PC; the renderer has no
 * Node at all). Both give the same bytes, so a value sealed by one opens by the other
 * (tests/unit/domain/crypto). Chosen once, when this module loads.
 */
export interface Sm4Ctr {
  /** SM4-CTR, the keystream from a 128-bit big-endian counter starting at `iv`; the same call decrypts. */
  ctr(iv: Uint8Array, data: Uint8Array): Uint8Array;
}

export interface Mac {
  mac(...parts: Uint8Array[]): Uint8Array;
}

export interface SmPrimitives {
  readonly name: 'openssl' | 'js';
  sm4(key: Uint8Array): Sm4Ctr;
  hmacSm3(key: Uint8Array): Mac;
}

export const jsPrimitives: SmPrimitives = {
  name: 'js',
  sm4: (key) => new Sm4(key),
  hmacSm3: (key) => new HmacSm3(key),
};

/** What is used of node:crypto, by shape: domain code is also compiled for the renderer, which has no Node types. */
interface Bytes extends Uint8Array {
  readonly byteOffset: number;
}
interface NodeHash {
  update(data: Uint8Array): NodeHash;
  copy(): NodeHash;
  digest(): Bytes;
}
interface NodeCrypto {
  getCiphers(): string[];
  getHashes(): string[];
  createCipheriv(name: string, key: Uint8Array, iv: null): { setAutoPadding(on: boolean): unknown; update(data: Uint8Array): Bytes };
  createHash(name: string): NodeHash;
}

const plain = (bytes: Bytes): Uint8Array => new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);

/**
 * SM4-CTR over OpenSSL's SM4 block function: one ECB context per key (the round keys expanded once,
 * as Sm4 does), the counter blocks built here and encrypted in one call, then XORed with the data.
 * A `sm4-ctr` cipher per value would expand the key again for every value.
 */
class OpensslSm4Ctr implements Sm4Ctr {
  private readonly ecb: { update(data: Uint8Array): Bytes };

  constructor(crypto: NodeCrypto, key: Uint8Array) {
    if (key.length !== 16) throw new Error(`SM4 needs a 16-byte key, got ${key.length}`);
    const ecb = crypto.createCipheriv('sm4-ecb', key, null);
    // Only whole blocks go in and `final` is never called: nothing is padded or held back.
    ecb.setAutoPadding(false);
    this.ecb = ecb;
  }

  ctr(iv: Uint8Array, data: Uint8Array): Uint8Array {
    if (iv.length !== 16) throw new Error(`SM4-CTR needs a 16-byte IV, got ${iv.length}`);
    const counters = new Uint8Array(Math.ceil(data.length / 16) * 16);
    const counter = new Uint8Array(iv);
    for (let offset = 0; offset < counters.length; offset += 16) {
      counters.set(counter, offset);
      for (let i = 15; i >= 0; i--) {
        counter[i] = ((counter[i] ?? 0) + 1) & 0xff;
        if (counter[i] !== 0) break;
      }
    }
    const stream = this.ecb.update(counters);
    const out = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = (data[i] ?? 0) ^ (stream[i] ?? 0);
    return out;
  }
}

/** HMAC-SM3 (RFC 2104) from OpenSSL's SM3, the key's padded states hashed once and copied per MAC, as HmacSm3 does. */
class OpensslHmacSm3 implements Mac {
  private readonly inner: NodeHash;
  private readonly outer: NodeHash;

  constructor(crypto: NodeCrypto, key: Uint8Array) {
    const block = new Uint8Array(64);
    block.set(key.length > 64 ? crypto.createHash('sm3').update(key).digest() : key);
    this.inner = crypto.createHash('sm3').update(block.map((b) => b ^ 0x36));
    this.outer = crypto.createHash('sm3').update(block.map((b) => b ^ 0x5c));
  }

  mac(...parts: Uint8Array[]): Uint8Array {
    const inner = this.inner.copy();
    for (const part of parts) inner.update(part);
    return plain(this.outer.copy().update(inner.digest()).digest());
  }
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (text: string) => new Uint8Array(text.match(/../g)?.map((pair) => parseInt(pair, 16)) ?? []);

/**
 * The runtime's OpenSSL SM4/SM3, or null. A runtime that names them must also give the
 * standards' first examples (GB/T 32907 SM4 example 1, GB/T 32905 SM3 of "abc") before it is used.
 */
function opensslOf(crypto: NodeCrypto | undefined): SmPrimitives | null {
  if (!crypto?.getCiphers().includes('sm4-ecb') || !crypto.getHashes().includes('sm3')) return null;
  const openssl: SmPrimitives = {
    name: 'openssl',
    sm4: (key) => new OpensslSm4Ctr(crypto, key),
    hmacSm3: (key) => new OpensslHmacSm3(crypto, key),
  };
  const key = fromHex('0123456789abcdeffedcba9876543210');
  const block = openssl.sm4(key).ctr(key, new Uint8Array(16));
  const digest = plain(crypto.createHash('sm3').update(new TextEncoder().encode('abc')).digest());
  if (hex(block) !== '681edf34d206965e86b3e94f536e4246' || hex(digest) !== '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0') return null;
  return openssl;
}

// process.getBuiltinModule, not an import: this folder is also built for the renderer, and an
// import of node:crypto would not resolve there. Absent (a browser) means no OpenSSL.
const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
export const opensslPrimitives: SmPrimitives | null = opensslOf(runtime?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined);

/** What this process seals with. */
export const smPrimitives: SmPrimitives = opensslPrimitives ?? jsPrimitives;
