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

/** An SM3 computation fed in pieces; `copy` lets HMAC start from a saved padded-key state. */
export class Sm3 {
  private readonly state: Uint32Array;
  private readonly buffer = new Uint8Array(64);
  private buffered = 0;
  private length = 0;

  constructor(state: Uint32Array = initialState, length = 0) {
    this.state = new Uint32Array(state);
    this.length = length;
  }

  copy(): Sm3 {
    if (this.buffered !== 0) throw new Error('Sm3.copy is only defined on a block boundary');
    return new Sm3(this.state, this.length);
  }

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
    const bits = this.length * 8;
    const padLength = this.buffered < 56 ? 56 - this.buffered : 120 - this.buffered;
    const tail = new Uint8Array(padLength + 8);
    tail[0] = 0x80;
    const view = new DataView(tail.buffer);
    view.setUint32(padLength, Math.floor(bits / 0x1_0000_0000));
    view.setUint32(padLength + 4, bits >>> 0);
    const length = this.length;
    this.update(tail);
    this.length = length;
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) outView.setUint32(i * 4, this.state[i] ?? 0);
    return out;
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

/** HMAC-SM3 (RFC 2104 construction, 64-byte blocks) with the key's pads computed once. */
export class HmacSm3 {
  private readonly inner: Sm3;
  private readonly outer: Sm3;

  constructor(key: Uint8Array) {
    const block = new Uint8Array(64);
    block.set(key.length > 64 ? sm3(key) : key);
    const pad = (byte: number) => new Sm3().update(block.map((b) => b ^ byte));
    this.inner = pad(0x36);
    this.outer = pad(0x5c);
  }

  mac(...parts: Uint8Array[]): Uint8Array {
    const inner = this.inner.copy();
    for (const part of parts) inner.update(part);
    return this.outer.copy().update(inner.digest()).digest();
  }
}

/** Constant-time comparison, so a forged MAC cannot be found byte by byte from timings. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
