/**
 * 居民身份证号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence
 * (odd = male), 1 check character. Forms call `checkResidentId` on every keystroke or blur,
 * so it returns a result instead of throwing.
 */
import { AppError } from '../errors.ts';
import { compactToIsoDate, isIsoDate, localToday } from '../time/iso-date.ts';

export type ResidentIdCheck =
  | { ok: true; normalized: string; birthDate: string; sex: 'male' | 'female'; regionCode: string }
  | { ok: false; reason: 'length' | 'format' | 'birthDate' | 'checkDigit'; message: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const EARLIEST_BIRTH_DATE = '1900-01-01';

/** The check character for the first 17 digits (which the caller has already validated). */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/** Spaces come from copy-paste and grouped display ("1101 0519 …"); x from lowercase typing. */
function normalize(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function checkResidentId(value: string, today: string = localToday()): ResidentIdCheck {
  // A bad `today` is a caller's bug, not the applicant's: fail loudly instead of skipping the check.
  if (!isIsoDate(today)) {
    throw new AppError('VALIDATION', `核对身份证号码时传入的当天日期“${today}”无效，应为 yyyy-mm-dd`, { field: 'today' });
  }
  const id = normalize(value);
  if (id.length !== 18) {
    // First-generation 15-digit numbers stopped being valid in 2013; say so instead of a bare count.
    const hint = id.length === 15 ? '（15位旧号码已停用，请使用第二代身份证上的18位号码）' : '，请核对号码';
    return { ok: false, reason: 'length', message: `身份证号码应为18位，当前为${id.length}位${hint}` };
  }
  if (!/^\d{17}[\dX]$/.test(id)) {
    return { ok: false, reason: 'format', message: '身份证号码前17位应为数字，最后一位为数字或 X，请核对号码' };
  }

  const birthDate = compactToIsoDate(id.slice(6, 14));
  if (birthDate === null) {
    return { ok: false, reason: 'birthDate', message: `身份证号码中的出生日期 ${id.slice(6, 14)} 不是有效日期，请核对第7–14位` };
  }
  if (birthDate < EARLIEST_BIRTH_DATE) {
    return { ok: false, reason: 'birthDate', message: `身份证号码中的出生日期 ${birthDate} 早于1900年，请核对第7–14位` };
  }
  if (birthDate > today) {
    return { ok: false, reason: 'birthDate', message: `身份证号码中的出生日期 ${birthDate} 晚于今天，请核对第7–14位` };
  }

  const expected = residentIdCheckChar(id.slice(0, 17));
  if (id[17] !== expected) {
    return { ok: false, reason: 'checkDigit', message: `身份证号码校验位错误：最后一位应为 ${expected}，请核对号码` };
  }

  return {
    ok: true,
    normalized: id,
    birthDate,
    sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    regionCode: id.slice(0, 6),
  };
}

/**
 * For lists and exports (PIPL): keeps the first 4 (province/city) and last 4 characters.
 * A value too short to mask that way is hidden completely rather than shown.
 */
export function maskResidentId(id: string): string {
  const v = normalize(id);
  if (v.length <= 8) return '*'.repeat(v.length);
  return `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}`;
}
