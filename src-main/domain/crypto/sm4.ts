/**
 * The SM4 block cipher (GB/T 32907-2016) with the round keys expanded once per key, and CTR mode.
 * sm-crypto's SM4 re-expands the key on every call and works on JS arrays (11 s for a 10 MB
 * scan here); this keeps typed arrays. tests/unit/domain/crypto checks it against the
 * standard's vectors (including the 1,000,000-iteration one) and against sm-crypto.
 */
const sbox = new Uint8Array([
  0xd6, 0x90, 0xe9, 0xfe, 0xcc, 0xe1, 0x3d, 0xb7, 0x16, 0xb6, 0x14, 0xc2, 0x28, 0xfb, 0x2c, 0x05, 0x2b, 0x67, 0x9a, 0x76, 0x2a, 0xbe, 0x04, 0xc3,
  0xaa, 0x44, 0x13, 0x26, 0x49, 0x86, 0x06, 0x99, 0x9c, 0x42, 0x50, 0xf4, 0x91, 0xef, 0x98, 0x7a, 0x33, 0x54, 0x0b, 0x43, 0xed, 0xcf, 0xac, 0x62,
  0xe4, 0xb3, 0x1c, 0xa9, 0xc9, 0x08, 0xe8, 0x95, 0x80, 0xdf, 0x94, 0xfa, 0x75, 0x8f, 0x3f, 0xa6, 0x47, 0x07, 0xa7, 0xfc, 0xf3, 0x73, 0x17, 0xba,
  0x83, 0x59, 0x3c, 0x19, 0xe6, 0x85, 0x4f, 0xa8, 0x68, 0x6b, 0x81, 0xb2, 0x71, 0x64, 0xda, 0x8b, 0xf8, 0xeb, 0x0f, 0x4b, 0x70, 0x56, 0x9d, 0x35,
  0x1e, 0x24, 0x0e, 0x5e, 0x63, 0x58, 0xd1, 0xa2, 0x25, 0x22, 0x7c, 0x3b, 0x01, 0x21, 0x78, 0x87, 0xd4, 0x00, 0x46, 0x57, 0x9f, 0xd3, 0x27, 0x52,
  0x4c, 0x36, 0x02, 0xe7, 0xa0, 0xc4, 0xc8, 0x9e, 0xea, 0xbf, 0x8a, 0xd2, 0x40, 0xc7, 0x38, 0xb5, 0xa3, 0xf7, 0xf2, 0xce, 0xf9, 0x61, 0x15, 0xa1,
  0xe0, 0xae, 0x5d, 0xa4, 0x9b, 0x34, 0x1a, 0x55, 0xad, 0x93, 0x32, 0x30, 0xf5, 0x8c, 0xb1, 0xe3, 0x1d, 0xf6, 0xe2, 0x2e, 0x82, 0x66, 0xca, 0x60,
  0xc0, 0x29, 0x23, 0xab, 0x0d, 0x53, 0x4e, 0x6f, 0xd5, 0xdb, 0x37, 0x45, 0xde, 0xfd, 0x8e, 0x2f, 0x03, 0xff, 0x6a, 0x72, 0x6d, 0x6c, 0x5b, 0x51,
  0x8d, 0x1b, 0xaf, 0x92, 0xbb, 0xdd, 0xbc, 0x7f, 0x11, 0xd9, 0x5c, 0x41, 0x1f, 0x10, 0x5a, 0xd8, 0x0a, 0xc1, 0x31, 0x88, 0xa5, 0xcd, 0x7b, 0xbd,
  0x2d, 0x74, 0xd0, 0x12, 0xb8, 0xe5, 0xb4, 0xb0, 0x89, 0x69, 0x97, 0x4a, 0x0c, 0x96, 0x77, 0x7e, 0x65, 0xb9, 0xf1, 0x09, 0xc5, 0x6e, 0xc6, 0x84,
  0x18, 0xf0, 0x7d, 0xec, 0x3a, 0xdc, 0x4d, 0x20, 0x79, 0xee, 0x5f, 0x3e, 0xd7, 0xcb, 0x39, 0x48,
]);
const systemParameter = [0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc];
const fixedParameter = new Int32Array(32);
for (let i = 0; i < 32; i++) {
  let ck = 0;
  for (let j = 0; j < 4; j++) ck = (ck << 8) | (((4 * i + j) * 7) & 0xff);
  fixedParameter[i] = ck;
}

const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n));
const tau = (x: number): number =>
  ((sbox[(x >>> 24) & 0xff] ?? 0) << 24) | ((sbox[(x >>> 16) & 0xff] ?? 0) << 16) | ((sbox[(x >>> 8) & 0xff] ?? 0) << 8) | (sbox[x & 0xff] ?? 0);
const roundT = (x: number): number => {
  const b = tau(x);
  return b ^ rotl(b, 2) ^ rotl(b, 10) ^ rotl(b, 18) ^ rotl(b, 24);
};
const keyT = (x: number): number => {
  const b = tau(x);
  return b ^ rotl(b, 13) ^ rotl(b, 23);
};

const readWord = (bytes: Uint8Array, o: number): number =>
  ((bytes[o] ?? 0) << 24) | ((bytes[o + 1] ?? 0) << 16) | ((bytes[o + 2] ?? 0) << 8) | (bytes[o + 3] ?? 0);
function writeWord(bytes: Uint8Array, o: number, word: number): void {
  bytes[o] = word >>> 24;
  bytes[o + 1] = word >>> 16;
  bytes[o + 2] = word >>> 8;
  bytes[o + 3] = word;
}

export class Sm4 {
  private readonly roundKeys = new Int32Array(32);

  constructor(key: Uint8Array) {
    if (key.length !== 16) throw new Error(`SM4 needs a 16-byte key, got ${key.length}`);
    const k = [0, 1, 2, 3].map((i) => readWord(key, i * 4) ^ (systemParameter[i] ?? 0));
    for (let i = 0; i < 32; i++) {
      const next = (k[i] ?? 0) ^ keyT((k[i + 1] ?? 0) ^ (k[i + 2] ?? 0) ^ (k[i + 3] ?? 0) ^ (fixedParameter[i] ?? 0));
      k.push(next);
      this.roundKeys[i] = next;
    }
  }

  /** One 16-byte block from `input` at `inOffset` into `output` at `outOffset`. */
  encryptBlock(input: Uint8Array, output: Uint8Array, inOffset = 0, outOffset = 0, decrypt = false): void {
    let x0 = readWord(input, inOffset), x1 = readWord(input, inOffset + 4), x2 = readWord(input, inOffset + 8), x3 = readWord(input, inOffset + 12);
    for (let i = 0; i < 32; i++) {
      const rk = this.roundKeys[decrypt ? 31 - i : i] ?? 0;
      const next = x0 ^ roundT(x1 ^ x2 ^ x3 ^ rk);
      x0 = x1;
      x1 = x2;
      x2 = x3;
      x3 = next;
    }
    writeWord(output, outOffset, x3);
    writeWord(output, outOffset + 4, x2);
    writeWord(output, outOffset + 8, x1);
    writeWord(output, outOffset + 12, x0);
  }

  decryptBlock(input: Uint8Array, output: Uint8Array, inOffset = 0, outOffset = 0): void {
    this.encryptBlock(input, output, inOffset, outOffset, true);
  }

  /**
   * CTR mode: the keystream is SM4 of a 128-bit big-endian counter starting at `iv`. The same
   * call encrypts and decrypts. The IV must never repeat under one key: callers draw it at random.
   */
  ctr(iv: Uint8Array, data: Uint8Array): Uint8Array {
    if (iv.length !== 16) throw new Error(`SM4-CTR needs a 16-byte IV, got ${iv.length}`);
    const out = new Uint8Array(data.length);
    const counter = new Uint8Array(iv);
    const stream = new Uint8Array(16);
    for (let offset = 0; offset < data.length; offset += 16) {
      this.encryptBlock(counter, stream);
      const end = Math.min(16, data.length - offset);
      for (let i = 0; i < end; i++) out[offset + i] = (data[offset + i] ?? 0) ^ (stream[i] ?? 0);
      for (let i = 15; i >= 0; i--) {
        counter[i] = ((counter[i] ?? 0) + 1) & 0xff;
        if (counter[i] !== 0) break;
      }
    }
    return out;
  }
}
