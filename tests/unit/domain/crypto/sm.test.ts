import fc from 'fast-check';
import smCrypto from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import { HmacSm3, sm3, sm3Hex } from '../../../../src-main/domain/crypto/sm3.ts';
import { Sm4 } from '../../../../src-main/domain/crypto/sm4.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

describe('SM4 (GB/T 32907-2016)', () => {
  const key = bytes('0123456789abcdeffedcba9876543210');

  it('encrypts and decrypts the standard example 1', () => {
    const cipher = new Sm4(key);
    const out = new Uint8Array(16);
    cipher.encryptBlock(key, out);
    expect(hex(out)).toBe('681edf34d206965e86b3e94f536e4246');
    const back = new Uint8Array(16);
    cipher.decryptBlock(out, back);
    expect(hex(back)).toBe('0123456789abcdeffedcba9876543210');
  });

  it('gives the standard example 2 after 1,000,000 encryptions with one key', () => {
    const cipher = new Sm4(key);
    const block = new Uint8Array(key);
    for (let i = 0; i < 1_000_000; i++) cipher.encryptBlock(block, block);
    expect(hex(block)).toBe('595298c7c6fd271f0402f804c33d3f66');
  }, 60_000);

  it('agrees with sm-crypto on random keys and blocks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), (k, block) => {
        const out = new Uint8Array(16);
        new Sm4(k).encryptBlock(block, out);
        const reference = smCrypto.sm4.encrypt(Array.from(block), Array.from(k), { padding: 'none', output: 'array' } as never) as unknown as number[];
        expect(hex(out)).toBe(Buffer.from(reference).toString('hex'));
      }),
    );
  });

  it('CTR round-trips any length, and the counter carries across bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (data) => {
        const cipher = new Sm4(key);
        const iv = bytes('000000000000000000000000000000ff');
        const sealed = cipher.ctr(iv, data);
        expect(hex(cipher.ctr(iv, sealed))).toBe(hex(data));
      }),
    );
    const cipher = new Sm4(key);
    const stream = cipher.ctr(bytes('000000000000000000000000000000ff'), new Uint8Array(32));
    const second = new Uint8Array(16);
    cipher.encryptBlock(bytes('00000000000000000000000000000100'), second);
    expect(hex(stream.subarray(16))).toBe(hex(second));
  });
});

describe('SM3 (GB/T 32905-2016) and HMAC-SM3', () => {
  it('hashes the standard examples', () => {
    expect(hex(sm3(new TextEncoder().encode('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(hex(sm3(new TextEncoder().encode('abcd'.repeat(16))))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('agrees with sm-crypto for SM3 and HMAC-SM3 on random inputs, including keys longer than a block', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ minLength: 1, maxLength: 100 }), (message, key) => {
        expect(hex(sm3(message))).toBe(smCrypto.sm3(Array.from(message)));
        expect(hex(new HmacSm3(key).mac(message))).toBe(smCrypto.sm3(Array.from(message), { key: Array.from(key) } as never));
      }),
    );
  });

  it('hashes text as sm-crypto does, so audit rows written before the switch still verify', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        expect(sm3Hex(text)).toBe(smCrypto.sm3(text));
      }),
    );
    expect(sm3Hex('["受理","𠮷䶮龘","😀"]')).toBe(smCrypto.sm3('["受理","𠮷䶮龘","😀"]'));
  });

  it('MACs a message split anywhere (across block boundaries) like the whole, and each MAC is its own array', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat({ max: 300 }), { maxLength: 4 }), fc.uint8Array({ minLength: 1, maxLength: 100 }), (message, cuts, key) => {
        const mac = new HmacSm3(key);
        const at = [...new Set(cuts.map((c) => c % (message.length + 1)))].sort((a, b) => a - b);
        const parts = [0, ...at].map((from, i) => message.subarray(from, [...at, message.length][i]));
        const whole = mac.mac(message);
        const split = mac.mac(...parts);
        expect(hex(split)).toBe(smCrypto.sm3(Array.from(message), { key: Array.from(key) } as never));
        // The working state is shared between calls: an earlier result must not change with a later one.
        expect(hex(whole)).toBe(hex(split));
        expect(split).not.toBe(whole);
      }),
    );
  });

  it('MACs a message given in parts like the whole', () => {
    const mac = new HmacSm3(new Uint8Array(32).fill(7));
    const whole = new TextEncoder().encode('一窗通 blind index');
    expect(hex(mac.mac(whole.subarray(0, 5), whole.subarray(5)))).toBe(hex(mac.mac(whole)));
  });
});
