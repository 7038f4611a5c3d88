/**
 * SM3 (GB/T 32905-2016) and HMAC-SM3 over bytes. sm-crypto has SM3 too, but it converts every
 * message to a JS array and redoes the HMAC key pads on each call, and
 * an accept computes a dozen blind-index tokens; this one keeps the padded key states and works
 * on typed arrays, many times faster. tests/unit/domain/crypto checks it against the standard's examples
 * and against sm-crypto on random inputs.
 */
const initialState = new Uint32Array([0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e]);
const roundConstants = new Uint32Array(64);
for (let j = 0; j < 64; j++) {
  const t = j < 16 ? 0x79cc4519 : 0x7a879d8a;
  const r = j % 32;
  roundConstants[j] = ((t << r) | (t >>> (32 - r))) >>> 0;
}

const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n));
const p0 = (x: number): number => x ^ rotl(x, 9) ^ rotl(x, 17);
const p1 = (x: number): number => x ^ rotl(x, 15) ^ rotl(x, 23);

const w = new Int32Array(68);
const w1 = new Int32Array(64);

function compress(state: Uint32Array, block: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++) {
    const o = offset + i * 4;
    w[i] = ((block[o] ?? 0) << 24) | ((block[o + 1] ?? 0) << 16) | ((block[o + 2] ?? 0) << 8) | (block[o + 3] ?? 0);
  }
  for (let j = 16; j < 68; j++) {
    w[j] = p1((w[j - 16] ?? 0) ^ (w[j - 9] ?? 0) ^ rotl(w[j - 3] ?? 0, 15)) ^ rotl(w[j - 13] ?? 0, 7) ^ (w[j - 6] ?? 0);
  }
  for (let j = 0; j < 64; j++) w1[j] = (w[j] ?? 0) ^ (w[j + 4] ?? 0);
  let a = state[0] ?? 0, b = state[1] ?? 0, c = state[2] ?? 0, d = state[3] ?? 0;
  let e = state[4] ?? 0, f = state[5] ?? 0, g = state[6] ?? 0, h = state[7] ?? 0;
  for (let j = 0; j < 64; j++) {
    const a12 = rotl(a, 12);
    const ss1 = rotl((a12 + e + (roundConstants[j] ?? 0)) | 0, 7);
    const ss2 = ss1 ^ a12;
    const ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
    const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
    const tt1 = (ff + d + ss2 + (w1[j] ?? 0)) | 0;
    const tt2 = (gg + h + ss1 + (w[j] ?? 0)) | 0;
    d = c;
    c = rotl(b, 9);
    b = a;
    a = tt1;
    h = g;
    g = rotl(f, 19);
    f = e;
    e = p0(tt2);
  }
  state[0] = (state[0] ?? 0) ^ a; state[1] = (state[1] ?? 0) ^ b; state[2] = (state[2] ?? 0) ^ c; state[3] = (state[3] ?? 0) ^ d;
  state[4] = (state[4] ?? 0) ^ e; state[5] = (state[5] ?? 0) ^ f; state[6] = (state[6] ?? 0) ^ g; state[7] = (state[7] ?? 0) ^ h;
}

/** An SM3 computation fed in pieces. */
export class Sm3 {
  private readonly state = new Uint32Array(initialState);
  private readonly buffer = new Uint8Array(64);
  private buffered = 0;
  private length = 0;

  update(data: Uint8Array): this {
    let offset = 0;
    this.length += data.length;
    if (this.buffered > 0) {
      const take = Math.min(64 - this.buffered, data.length);
      this.buffer.set(data.subarray(0, take), this.buffered);
      this.buffered += take;
      offset = take;
      if (this.buffered < 64) return this;
      compress(this.state, this.buffer, 0);
      this.buffered = 0;
    }
    for (; offset + 64 <= data.length; offset += 64) compress(this.state, data, offset);
    this.buffer.set(data.subarray(offset), 0);
    this.buffered = data.length - offset;
    return this;
  }

  digest(): Uint8Array {
    finish(this.state, this.buffer, this.buffered, this.length);
    const out = new Uint8Array(32);
    writeState(this.state, out);
    return out;
  }
}

/** Pads the last `buffered` bytes of a message of `length` bytes in `block` and compresses them into `state`. */
function finish(state: Uint32Array, block: Uint8Array, buffered: number, length: number): void {
  block[buffered++] = 0x80;
  if (buffered > 56) {
    block.fill(0, buffered);
    compress(state, block, 0);
    buffered = 0;
  }
  block.fill(0, buffered, 56);
  const bits = length * 8;
  const high = Math.floor(bits / 0x1_0000_0000);
  const low = bits >>> 0;
  block[56] = high >>> 24; block[57] = high >>> 16; block[58] = high >>> 8; block[59] = high;
  block[60] = low >>> 24; block[61] = low >>> 16; block[62] = low >>> 8; block[63] = low;
  compress(state, block, 0);
}

/** The state's eight words, big-endian, into `out` from `offset`. */
function writeState(state: Uint32Array, out: Uint8Array, offset = 0): void {
  for (let i = 0; i < 8; i++) {
    const word = state[i] ?? 0;
    out[offset + i * 4] = word >>> 24;
    out[offset + i * 4 + 1] = word >>> 16;
    out[offset + i * 4 + 2] = word >>> 8;
    out[offset + i * 4 + 3] = word;
  }
}

export function sm3(data: Uint8Array): Uint8Array {
  return new Sm3().update(data).digest();
}

const utf8 = new TextEncoder();

/** SM3 of a text's UTF-8 bytes in lowercase hex, as sm-crypto's `sm3(text)` gives it (the audit chain's hashes). */
export function sm3Hex(text: string): string {
  let out = '';
  for (const byte of sm3(utf8.encode(text))) out += byte.toString(16).padStart(2, '0');
  return out;
}

/**
 * A MAC's working state and block. A MAC runs to its end without yielding, so one set serves
 * every call: a pulled page makes thousands of tokens and seals, and a fresh hash object per MAC
 * (its state, block, padding and digest arrays) was most of what they allocated.
 */
const macState = new Uint32Array(8);
const macBlock = new Uint8Array(64);

/** HMAC-SM3 (RFC 2104 construction, 64-byte blocks) with the key's pads computed once. */
export class HmacSm3 {
  /** The SM3 states after the key's inner and outer padded blocks. */
  private readonly inner = new Uint32Array(initialState);
  private readonly outer = new Uint32Array(initialState);

  constructor(key: Uint8Array) {
    const block = new Uint8Array(64);
    block.set(key.length > 64 ? sm3(key) : key);
    compress(this.inner, block.map((b) => b ^ 0x36), 0);
    compress(this.outer, block.map((b) => b ^ 0x5c), 0);
  }

  mac(...parts: Uint8Array[]): Uint8Array {
    const state = macState;
    const block = macBlock;
    state.set(this.inner);
    let buffered = 0;
    let length = 64;
    for (const part of parts) {
      length += part.length;
      let offset = 0;
      if (buffered > 0) {
        const take = Math.min(64 - buffered, part.length);
        for (let i = 0; i < take; i++) block[buffered + i] = part[i] ?? 0;
        buffered += take;
        offset = take;
        if (buffered < 64) continue;
        compress(state, block, 0);
        buffered = 0;
      }
      for (; offset + 64 <= part.length; offset += 64) compress(state, part, offset);
      for (let i = offset; i < part.length; i++) block[buffered++] = part[i] ?? 0;
    }
    finish(state, block, buffered, length);
    // The outer hash: its padded key block, then the inner digest (32 bytes), in one padded block.
    writeState(state, block);
    state.set(this.outer);
    finish(state, block, 32, 64 + 32);
    const out = new Uint8Array(32);
    writeState(state, out);
    return out;
  }
}

/** Constant-time comparison, so a forged MAC cannot be found byte by byte from timings. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
