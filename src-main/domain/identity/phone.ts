/**
 * Contact phone numbers as clerks type them: a mobile number, or a landline with its area
 * code (the applicant may live in another city, so a bare local number is ambiguous).
 */

export type PhoneCheck =
  | { ok: true; normalized: string; kind: 'mobile' | 'landline' }
  | { ok: false; reason: 'empty' | 'format'; message: string };

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE_WITH_HYPHEN = /^(0\d{2,3})-(\d{7,8})(?:-(\d{1,6}))?$/;
const LANDLINE_WITHOUT_HYPHEN = /^(0\d{9,11})(?:-(\d{1,6}))?$/;
const LANDLINE_EXAMPLE = '例如 0411-12345678 或 0411-12345678-801';

/**
 * Without a hyphen the split between area code and number is ambiguous (0101234567 …).
 * Mainland 3-digit area codes are exactly 010 and 02X; every other area code has 4 digits.
 */
function areaCodeLength(digits: string): number {
  return digits[1] === '1' || digits[1] === '2' ? 3 : 4;
}

function landline(area: string, local: string, ext: string | undefined): PhoneCheck {
  return { ok: true, kind: 'landline', normalized: ext === undefined ? `${area}-${local}` : `${area}-${local}-${ext}` };
}

export function checkPhone(value: string): PhoneCheck {
  const v = value.replace(/\s+/g, '');
  if (v === '') return { ok: false, reason: 'empty', message: '请填写联系电话' };

  if (v.startsWith('1')) {
    if (MOBILE.test(v)) return { ok: true, kind: 'mobile', normalized: v };
    if (/^\d+$/.test(v) && v.length !== 11) {
      return { ok: false, reason: 'format', message: `手机号码应为11位，当前为${v.length}位，请核对` };
    }
    return { ok: false, reason: 'format', message: '手机号码应为以13–19开头的11位数字，请核对' };
  }

  if (v.startsWith('0')) {
    const hyphenated = LANDLINE_WITH_HYPHEN.exec(v);
    if (hyphenated !== null) return landline(hyphenated[1] ?? '', hyphenated[2] ?? '', hyphenated[3]);
    const plain = LANDLINE_WITHOUT_HYPHEN.exec(v);
    if (plain !== null) {
      const digits = plain[1] ?? '';
      const split = areaCodeLength(digits);
      const localLength = digits.length - split;
      if (localLength === 7 || localLength === 8) return landline(digits.slice(0, split), digits.slice(split), plain[2]);
    }
    return { ok: false, reason: 'format', message: `固定电话应为“区号-号码”，号码为7或8位，${LANDLINE_EXAMPLE}` };
  }

  if (/^\d{7,8}$/.test(v)) {
    return { ok: false, reason: 'format', message: `固定电话请加区号，${LANDLINE_EXAMPLE}` };
  }
  return { ok: false, reason: 'format', message: `联系电话应为11位手机号码或带区号的固定电话（${LANDLINE_EXAMPLE}），请核对` };
}

/** For lists: a mobile keeps its first 3 and last 4 digits; anything else only its last 4. */
export function maskPhone(phone: string): string {
  const v = phone.replace(/\s+/g, '');
  if (MOBILE.test(v)) return `${v.slice(0, 3)}****${v.slice(-4)}`;
  const landlineMatch = /^(0\d{2,3})-(\d{7,8})(-\d{1,6})?$/.exec(v);
  if (landlineMatch !== null) {
    const local = landlineMatch[2] ?? '';
    return `${landlineMatch[1] ?? ''}-${'*'.repeat(local.length - 4)}${local.slice(-4)}${landlineMatch[3] ?? ''}`;
  }
  if (v.length <= 4) return '*'.repeat(v.length);
  return `${'*'.repeat(v.length - 4)}${v.slice(-4)}`;
}
