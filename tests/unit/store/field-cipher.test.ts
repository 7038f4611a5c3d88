/**
 * Sealed values take their IVs from a pool drawn from the CSPRNG a few hundred at a time: every
 * value still gets its own IV, across a refill of the pool, and opens to what was sealed.
 */
import { describe, expect, it } from 'vitest';
import { deriveDataKeys, Keyring } from '../../../src-main/domain/crypto/sealed.ts';
import { FieldCipher } from '../../../src-main/store/field-cipher.ts';

const ivOf = (sealed: Uint8Array) => Buffer.from(sealed.subarray(3, 19)).toString('hex');

describe('FieldCipher sealing', () => {
  it('gives every sealed value its own IV, across refills of the pool, and opens each to its value', () => {
    const cipher = new FieldCipher(new Keyring(deriveDataKeys(1, new Uint8Array(32).fill(9))));
    const sealed = Array.from({ length: 1000 }, (_, i) => cipher.seal({ name: '张三', i }));
    expect(new Set(sealed.map(ivOf)).size).toBe(sealed.length);
    sealed.forEach((value, i) => expect(cipher.open(value)).toEqual({ name: '张三', i }));
    // The same value twice does not look the same.
    expect(cipher.seal('同一个值').equals(cipher.seal('同一个值'))).toBe(false);
  });

  it('makes name tokens that stand for the same prefix whether or not they came from the page memo', () => {
    const cipher = new FieldCipher(new Keyring(deriveDataKeys(1, new Uint8Array(32).fill(9))));
    const memo = new Map<string, Buffer>();
    const first = cipher.nameTokens('张三丰', memo);
    const again = cipher.nameTokens('张三', memo);
    const fresh = cipher.nameTokens('张三丰');
    expect(first.map((t) => t.toString('hex'))).toEqual(fresh.map((t) => t.toString('hex')));
    expect(again.map((t) => t.toString('hex'))).toEqual(fresh.slice(0, 2).map((t) => t.toString('hex')));
    expect(first.every((t) => t.length === 16)).toBe(true);
  });
});
