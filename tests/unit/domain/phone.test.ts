import { describe, it, expect } from 'vitest';
import { checkPhone, maskPhone } from '../../../src-main/domain/identity/phone.ts';

describe('checkPhone', () => {
  it('accepts mobile numbers, with or without spaces', () => {
    expect(checkPhone('13812345678')).toEqual({ ok: true, kind: 'mobile', normalized: '13812345678' });
    expect(checkPhone('199 1234 5678')).toEqual({ ok: true, kind: 'mobile', normalized: '19912345678' });
  });

  it('rejects mobile numbers of the wrong length or prefix', () => {
    const short = checkPhone('1381234567');
    expect(!short.ok && short.message).toContain('手机号码应为11位，当前为10位');
    expect(checkPhone('12812345678')).toMatchObject({ ok: false, reason: 'format' });
  });

  it('accepts landlines with an area code and normalizes the hyphen', () => {
    expect(checkPhone('0411-84812345')).toEqual({ ok: true, kind: 'landline', normalized: '0411-84812345' });
    expect(checkPhone('0411 84812345')).toMatchObject({ ok: true, normalized: '0411-84812345' });
    expect(checkPhone('04118481234')).toMatchObject({ ok: true, normalized: '0411-8481234' });
    // 010 and 02X are the 3-digit area codes.
    expect(checkPhone('01012345678')).toMatchObject({ ok: true, normalized: '010-12345678' });
    expect(checkPhone('02112345678')).toMatchObject({ ok: true, normalized: '021-12345678' });
    expect(checkPhone('0411-84812345-801')).toMatchObject({ ok: true, normalized: '0411-84812345-801' });
  });

  it('asks for the area code when it is missing', () => {
    const r = checkPhone('84812345');
    expect(r).toMatchObject({ ok: false, reason: 'format' });
    expect(!r.ok && r.message).toContain('请加区号');
  });

  it('rejects malformed landlines and other input', () => {
    expect(checkPhone('0411-123456').ok).toBe(false);
    expect(checkPhone('0411123456789').ok).toBe(false);
    expect(checkPhone('abc').ok).toBe(false);
    expect(checkPhone('   ')).toMatchObject({ ok: false, reason: 'empty' });
  });
});

describe('maskPhone', () => {
  it('masks the middle of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('keeps the area code and last four digits of a landline', () => {
    expect(maskPhone('0411-84812345')).toBe('0411-****2345');
    expect(maskPhone('0411-84812345-801')).toBe('0411-****2345-801');
  });

  it('keeps at most the last four characters of anything else', () => {
    expect(maskPhone('12345')).toBe('*2345');
    expect(maskPhone('123')).toBe('***');
  });
});
