import { describe, it, expect } from 'vitest';
import { checkCreditCode, creditCodeCheckChar, CREDIT_CODE_CHARSET } from '../../../src-main/domain/identity/credit-code.ts';

describe('checkCreditCode', () => {
  it('accepts real codes and reads the 区划 code from positions 3–8', () => {
    expect(checkCreditCode('91350100M000100Y43')).toEqual({ ok: true, normalized: '91350100M000100Y43', regionCode: '350100' });
    expect(checkCreditCode('911101080828461726')).toEqual({ ok: true, normalized: '911101080828461726', regionCode: '110108' });
  });

  it('uppercases and strips spaces first', () => {
    const r = checkCreditCode(' 91350100m000100y43 ');
    expect(r.ok && r.normalized).toBe('91350100M000100Y43');
  });

  it('does not whitelist the first two characters', () => {
    // "Y9" is not an authority/type pair in the 2015 standard; only the check character matters.
    const first17 = 'Y9210202MA0XXXXXX'.replace(/X/g, '1');
    expect(checkCreditCode(first17 + creditCodeCheckChar(first17)).ok).toBe(true);
  });

  it('reports the length', () => {
    const r = checkCreditCode('91350100M000100Y4');
    expect(r).toMatchObject({ ok: false, reason: 'length' });
    expect(!r.ok && r.message).toContain('当前为17位');
  });

  it('names the position of a character outside the charset', () => {
    for (const bad of ['I', 'O', 'S', 'V', 'Z', '-']) {
      const r = checkCreditCode(`91350100M${bad}00100Y43`);
      expect(r, bad).toMatchObject({ ok: false, reason: 'charset' });
      expect(!r.ok && r.message).toContain(`第10位“${bad}”`);
    }
  });

  it('names the expected check character', () => {
    const r = checkCreditCode('91350100M000100Y44');
    expect(r).toMatchObject({ ok: false, reason: 'checkDigit' });
    expect(!r.ok && r.message).toBe('统一社会信用代码校验位错误：最后一位应为 3，请核对代码');
  });

  it('catches every single-character substitution', () => {
    const code = '911101080828461726';
    for (let i = 0; i < 18; i++) {
      for (const c of CREDIT_CODE_CHARSET) {
        if (c === code[i]) continue;
        const typo = code.slice(0, i) + c + code.slice(i + 1);
        expect(checkCreditCode(typo).ok, typo).toBe(false);
      }
    }
  });
});
