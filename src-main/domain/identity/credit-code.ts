/**
 * 统一社会信用代码 (GB 32100-2015): position 1 registration authority, 2 organisation type,
 * 3–8 区划码, 9–17 subject id, 18 check character. The first two positions are not
 * whitelisted: authorities and types have been added since the standard and a stale list
 * would turn away real enterprises.
 */

export type CreditCodeCheck =
  | { ok: true; normalized: string; regionCode: string }
  | { ok: false; reason: 'length' | 'charset' | 'checkDigit'; message: string };

export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character for the first 17 characters (which must all be in the charset). */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARSET.indexOf(first17[i] ?? '') * (WEIGHTS[i] ?? 0);
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31] ?? '';
}

export function checkCreditCode(value: string): CreditCodeCheck {
  const code = value.replace(/\s+/g, '').toUpperCase();
  if (code.length !== 18) {
    return { ok: false, reason: 'length', message: `统一社会信用代码应为18位，当前为${code.length}位，请核对营业执照上的代码` };
  }
  for (let i = 0; i < code.length; i++) {
    const c = code[i] ?? '';
    if (!CREDIT_CODE_CHARSET.includes(c)) {
      return {
        ok: false,
        reason: 'charset',
        message: `统一社会信用代码第${i + 1}位“${c}”不是有效字符（只用数字和除 I、O、S、V、Z 以外的大写字母），请核对`,
      };
    }
  }
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== expected) {
    return { ok: false, reason: 'checkDigit', message: `统一社会信用代码校验位错误：最后一位应为 ${expected}，请核对代码` };
  }
  return { ok: true, normalized: code, regionCode: code.slice(2, 8) };
}
