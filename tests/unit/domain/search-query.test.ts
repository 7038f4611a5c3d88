import { describe, expect, it } from 'vitest';
import { recogniseQuery } from '../../../src-main/domain/cases/search-query.ts';

// Numbers with their check characters worked out by hand (ISO 7064 MOD 37,36; GB 11643; GB 32100).
const caseNumber = '21021120261126W01000019';
const idNumber = '11010519491231002X';
const creditCode = '91350100M000100Y43';
const today = '2026-12-02';

describe('the one search box', () => {
  it('recognises a case number, typed in lowercase or scanned with a trailing tab', () => {
    expect(recogniseQuery(caseNumber, today)).toEqual({ kind: 'caseNumber', value: caseNumber });
    expect(recogniseQuery(caseNumber.toLowerCase(), today)).toEqual({ kind: 'caseNumber', value: caseNumber });
    expect(recogniseQuery(`${caseNumber}\t`, today)).toEqual({ kind: 'caseNumber', value: caseNumber });
  });

  it('says a case number with a wrong character is wrong instead of searching names for it', () => {
    const misread = `${caseNumber.slice(0, 22)}8`;
    const recognised = recogniseQuery(misread, today);
    expect(recognised.kind).toBe('badCaseNumber');
    expect(recognised.kind === 'badCaseNumber' && recognised.message).toContain('办件编号校验不通过');
    // Two neighbouring digits swapped in the date part.
    expect(recogniseQuery('21021120261216W01000019', today).kind).toBe('badCaseNumber');
  });

  it('recognises an ID number (lowercase x, grouped with spaces), a credit code and phones', () => {
    expect(recogniseQuery(idNumber.toLowerCase(), today)).toEqual({ kind: 'idNumber', value: idNumber });
    expect(recogniseQuery('110105 19491231 002X', today)).toEqual({ kind: 'idNumber', value: idNumber });
    expect(recogniseQuery(creditCode, today)).toEqual({ kind: 'creditCode', value: creditCode });
    expect(recogniseQuery('139 0411 2222', today)).toEqual({ kind: 'phone', value: '13904112222' });
    expect(recogniseQuery('0411-84567890', today)).toEqual({ kind: 'phone', value: '0411-84567890' });
  });

  it('takes anything else as the start of a name, as typed', () => {
    expect(recogniseQuery(' 𠮷田 ', today)).toEqual({ kind: 'name', value: '𠮷田' });
    // An ID number with a wrong check digit is not an ID number: searched as text, found nowhere.
    expect(recogniseQuery('110105194912310021', today).kind).toBe('name');
    expect(recogniseQuery('   ', today)).toEqual({ kind: 'empty' });
  });
});
