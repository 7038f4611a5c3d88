import { describe, it, expect } from 'vitest';
import { checkResidentId, maskResidentId, residentIdCheckChar } from '../../../src-main/domain/identity/resident-id.ts';
import { AppError } from '../../../src-main/domain/errors.ts';

const TODAY = '2026-06-01';

/** A test id with a correct check character, so only the part under test is wrong. */
function withCheck(first17: string): string {
  return first17 + residentIdCheckChar(first17);
}

describe('checkResidentId', () => {
  it('accepts the example of GB 11643-1999 and reads its parts', () => {
    expect(checkResidentId('11010519491231002X', TODAY)).toEqual({
      ok: true,
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female', // sequence 002 is even
      regionCode: '110105',
    });
  });

  it('computes the check character of the standard’s second example (born 1880, male)', () => {
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
  });

  it('normalizes a lowercase x and spaces', () => {
    const r = checkResidentId(' 110105 19491231 002x ', TODAY);
    expect(r.ok && r.normalized).toBe('11010519491231002X');
  });

  it('reads an odd sequence digit as male', () => {
    const r = checkResidentId(withCheck('21020319900101123'), TODAY);
    expect(r.ok && r.sex).toBe('male');
  });

  it('reports the length', () => {
    const r = checkResidentId('11010519491231002', TODAY);
    expect(r).toMatchObject({ ok: false, reason: 'length' });
    expect(!r.ok && r.message).toContain('身份证号码应为18位，当前为17位');
  });

  it('explains that 15-digit numbers are no longer valid', () => {
    const r = checkResidentId('110105491231002', TODAY);
    expect(!r.ok && r.message).toContain('15位旧号码已停用');
  });

  it('rejects letters other than a final X', () => {
    expect(checkResidentId('1101051949123100AX', TODAY)).toMatchObject({ ok: false, reason: 'format' });
    expect(checkResidentId('X10105194912310021', TODAY)).toMatchObject({ ok: false, reason: 'format' });
  });

  it('rejects a birth date that does not exist', () => {
    const r = checkResidentId(withCheck('11010519490230002'), TODAY);
    expect(r).toMatchObject({ ok: false, reason: 'birthDate' });
    expect(!r.ok && r.message).toContain('19490230');
  });

  it('rejects a birth date after today and accepts one on today', () => {
    expect(checkResidentId(withCheck('11010520260602002'), TODAY)).toMatchObject({ ok: false, reason: 'birthDate' });
    expect(checkResidentId(withCheck('11010520260601002'), TODAY).ok).toBe(true);
  });

  it('rejects a birth date before 1900, even the standard’s own 1880 example', () => {
    const r = checkResidentId('440524188001010014', TODAY);
    expect(r).toMatchObject({ ok: false, reason: 'birthDate' });
    expect(!r.ok && r.message).toContain('1900');
    expect(checkResidentId(withCheck('11010519000101002'), TODAY).ok).toBe(true);
  });

  it('names the expected check character', () => {
    const r = checkResidentId('110105194912310021', TODAY);
    expect(r).toMatchObject({ ok: false, reason: 'checkDigit' });
    expect(!r.ok && r.message).toBe('身份证号码校验位错误：最后一位应为 X，请核对号码');
  });

  it('catches every single-digit substitution in the first 17 digits', () => {
    const id = '11010519491231002X';
    for (let i = 0; i < 17; i++) {
      for (const d of '0123456789') {
        if (d === id[i]) continue;
        const typo = id.slice(0, i) + d + id.slice(i + 1);
        expect(checkResidentId(typo, TODAY).ok, typo).toBe(false);
      }
    }
  });

  it('throws when the caller passes a malformed today', () => {
    expect(() => checkResidentId('11010519491231002X', '2026/06/01')).toThrow(AppError);
  });
});

describe('maskResidentId', () => {
  it('keeps the first and last four characters', () => {
    expect(maskResidentId('21020319900101123X')).toBe('2102**********123X');
    expect(maskResidentId('21020319900101123x')).toBe('2102**********123X');
  });

  it('hides a value too short to mask partially', () => {
    expect(maskResidentId('1234567')).toBe('*******');
  });
});
