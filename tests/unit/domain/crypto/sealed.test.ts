import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blindToken, namePrefixes, namePrefixQuery, maxNamePrefix } from '../../../../src-main/domain/crypto/blind-index.ts';
import { deriveDataKeys, Keyring, openBytes, sealBytes, sealedKeyId } from '../../../../src-main/domain/crypto/sealed.ts';

const root = (fill: number) => new Uint8Array(32).fill(fill);
const iv = (fill: number) => new Uint8Array(16).fill(fill);
const text = (value: string) => new TextEncoder().encode(value);

describe('sealed values', () => {
  const keys = deriveDataKeys(1, root(1));
  const ring = new Keyring(keys);

  it('round-trips any bytes and carries the key id', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), (plain, nonce) => {
        const sealed = sealBytes(keys, plain, nonce);
        expect(sealed[0]).toBe(1);
        expect(sealedKeyId(sealed)).toBe(1);
        expect(Buffer.from(openBytes(ring, sealed)).equals(Buffer.from(plain))).toBe(true);
      }),
    );
  });

  it('looks different each time the same value is sealed with a fresh IV', () => {
    const a = sealBytes(keys, text('110101199003074514'), iv(1));
    const b = sealBytes(keys, text('110101199003074514'), iv(2));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(Buffer.from(a).includes(Buffer.from('110101199003074514'))).toBe(false);
  });

  it('refuses any changed byte, a wrong key and an unknown key id', () => {
    const sealed = sealBytes(keys, text('王小明'), iv(3));
    for (let i = 0; i < sealed.length; i++) {
      const tampered = new Uint8Array(sealed);
      tampered[i] = (tampered[i] ?? 0) ^ 1;
      expect(() => openBytes(ring, tampered)).toThrow(/无法解密/);
    }
    expect(() => openBytes(new Keyring(deriveDataKeys(1, root(2))), sealed)).toThrow(/校验码不符/);
    expect(() => openBytes(new Keyring(deriveDataKeys(2, root(1))), sealed)).toThrow(/缺少编号为 1/);
  });

  it('opens values sealed under an older key after rotation', () => {
    const old = sealBytes(keys, text('旧值'), iv(4));
    const rotated = new Keyring(deriveDataKeys(2, root(9)), [keys]);
    expect(new TextDecoder().decode(openBytes(rotated, old))).toBe('旧值');
  });
});

describe('blind index', () => {
  const { index } = deriveDataKeys(1, root(1));
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

  it('gives equal tokens for equal values and different ones across kinds and keys', () => {
    expect(hex(blindToken(index, 'id', '110101199003074514'))).toBe(hex(blindToken(index, 'id', '110101199003074514')));
    expect(hex(blindToken(index, 'id', '13800138000'))).not.toBe(hex(blindToken(index, 'phone', '13800138000')));
    expect(hex(blindToken(deriveDataKeys(1, root(2)).index, 'id', '1'))).not.toBe(hex(blindToken(index, 'id', '1')));
    expect(blindToken(index, 'id', 'x')).toHaveLength(16);
  });

  it('indexes a name by every prefix, counting 𠮷 as one character, up to the cap', () => {
    expect(namePrefixes('𠮷龘 明')).toEqual(['𠮷', '𠮷龘', '𠮷龘 ', '𠮷龘 明']);
    expect(namePrefixes('ＡＢｃ')).toEqual(['a', 'ab', 'abc']);
    expect(namePrefixes('一'.repeat(40))).toHaveLength(maxNamePrefix);
  });

  it('looks a query up by its own prefix token, and filters only when it is longer than the cap', () => {
    const short = namePrefixQuery(index, ' 王小 ');
    expect(hex(short.token)).toBe(hex(blindToken(index, 'name', '王小')));
    expect(short.needsFilter).toBe(false);
    const long = namePrefixQuery(index, '某'.repeat(20));
    expect(hex(long.token)).toBe(hex(blindToken(index, 'name', '某'.repeat(maxNamePrefix))));
    expect(long.needsFilter).toBe(true);
  });
});
