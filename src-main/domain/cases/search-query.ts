/**
 * The one search box of the case list: what a clerk typed or a scanner sent, recognised by its
 * shape and check characters. Used by the screen (to say what it understood and to open a
 * scanned case directly) and by the case list query (to match it), so both agree.
 */
import { checkCreditCode } from '../identity/credit-code.ts';
import { checkPhone } from '../identity/phone.ts';
import { checkResidentId } from '../identity/resident-id.ts';
import { CASE_NUMBER_LENGTH, parseCaseNumber } from './case-number.ts';

export type SearchQuery =
  | { kind: 'empty' }
  | { kind: 'caseNumber'; value: string }
  | { kind: 'idNumber'; value: string }
  | { kind: 'creditCode'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'name'; value: string }
  /** Shaped like a case number (23 characters, 14 digits first) but its check fails: a mistyped or mis-scanned number. */
  | { kind: 'badCaseNumber'; value: string; message: string };

export type SearchKind = SearchQuery['kind'];

export const searchKindLabels: Readonly<Record<Exclude<SearchKind, 'empty'>, string>> = {
  caseNumber: '办件编号',
  idNumber: '身份证号',
  creditCode: '统一社会信用代码',
  phone: '联系电话',
  name: '申请人姓名',
  badCaseNumber: '办件编号（校验不通过）',
};

const CASE_NUMBER_SHAPE = /^\d{14}[0-9A-Z]{9}$/;

/**
 * Spaces (grouped display, a scanner's trailing tab) and case are ignored for numbers; a name is
 * kept as typed. `today` bounds an ID number's birth date.
 */
export function recogniseQuery(text: string, today?: string): SearchQuery {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  const compact = trimmed.replace(/\s+/g, '').toUpperCase();
  if (compact.length === CASE_NUMBER_LENGTH && CASE_NUMBER_SHAPE.test(compact)) {
    const parsed = parseCaseNumber(compact);
    return parsed.ok ? { kind: 'caseNumber', value: parsed.normalized } : { kind: 'badCaseNumber', value: compact, message: parsed.message };
  }
  if ((today === undefined ? checkResidentId(compact) : checkResidentId(compact, today)).ok) return { kind: 'idNumber', value: compact };
  if (checkCreditCode(compact).ok) return { kind: 'creditCode', value: compact };
  const phone = checkPhone(compact);
  if (phone.ok) return { kind: 'phone', value: phone.normalized };
  return { kind: 'name', value: trimmed };
}
