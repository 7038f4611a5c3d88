/**
 * 办件编号 — case numbers that stay unique while windows work offline.
 *
 *   210202 20260930 A01 00042 1   (printed without spaces: 21020220260930A01000421)
 *   区划    日期     设备 流水号 校验
 *
 *   positions  1–6   区划代码: GB/T 2260 code of the centre (6 digits, e.g. 210202)
 *              7–14  受理日期 yyyyMMdd
 *             15–17  设备编码: 3 characters 0-9/A-Z, assigned once per window PC by the
 *                    administrator and unique within the 区划
 *             18–22  流水号: 5 digits, per device per day, 00001–99999
 *             23     校验码: ISO 7064 MOD 37,36 over positions 1–22 (alphabet 0-9A-Z)
 *
 * Two windows never issue the same number without talking to each other, because the
 * device code differs; one device never repeats, because it numbers its own day in sequence.
 *
 * The check character (the same algorithm as the music industry's GRid) catches every single
 * mistyped or mis-scanned character, so a wrong number is refused instead of opening the wrong
 * case. It also catches swaps of two neighbouring characters, with one known blind spot of
 * ISO 7064 hybrid systems: a swap of two characters with consecutive values (1↔2, 9↔A, Z↔0)
 * passes in 1 of 36 cases, about 0.2% of neighbour swaps in realistic numbers. The pure
 * MOD 37-2 would close that gap but needs a 37th symbol "*", which clashes with masking and
 * Code 39 barcodes.
 */
import { AppError } from '../errors.ts';
import { compactToIsoDate, isIsoDate } from '../time/iso-date.ts';

export interface CaseNumberParts {
  regionCode: string;
  /** 'yyyy-mm-dd' */
  date: string;
  deviceCode: string;
  sequence: number;
}

export type CaseNumberParse =
  | ({ ok: true; normalized: string } & CaseNumberParts)
  | { ok: false; reason: 'length' | 'format' | 'date' | 'sequence' | 'checkChar'; message: string };

export type DeviceCodeCheck = { ok: true; normalized: string } | { ok: false; reason: 'format'; message: string };

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const M = 36;
export const CASE_NUMBER_LENGTH = 23;
export const MAX_SEQUENCE = 99_999;
const SHAPE = /^\d{14}[0-9A-Z]{3}\d{5}[0-9A-Z]$/;
const REGION_CODE = /^[1-9]\d{5}$/;

/** ISO 7064 hybrid MOD 37,36: the character that makes the whole string check to 1. */
export function caseNumberCheckChar(body: string): string {
  let p = M;
  for (const ch of body) {
    const value = ALPHABET.indexOf(ch);
    if (value < 0) throw new AppError('VALIDATION', `办件编号中含有无效字符“${ch}”，只能使用数字和大写字母`);
    const s = (p + value) % M || M;
    p = (s * 2) % (M + 1);
  }
  return ALPHABET[(M + 1 - p) % M] ?? '';
}

function normalize(value: string): string {
  // Scanners may add a trailing newline or tab; clerks type lowercase.
  return value.replace(/\s+/g, '').toUpperCase();
}

export function validateDeviceCode(code: string): DeviceCodeCheck {
  const v = normalize(code);
  if (!/^[0-9A-Z]{3}$/.test(v)) {
    return { ok: false, reason: 'format', message: `设备编码应为3位数字或大写字母（如 A01），当前为“${code}”，请重新填写` };
  }
  return { ok: true, normalized: v };
}

/** Builds a case number; throws AppError VALIDATION naming the bad part. */
export function formatCaseNumber(parts: CaseNumberParts): string {
  const { regionCode, date, deviceCode, sequence } = parts;
  if (!REGION_CODE.test(regionCode)) {
    throw new AppError('VALIDATION', `区划代码应为6位数字（如 210202），当前为“${regionCode}”，请在设置中核对本中心的区划代码`, {
      field: 'regionCode',
    });
  }
  if (!isIsoDate(date)) {
    throw new AppError('VALIDATION', `受理日期“${date}”无效，格式应为 yyyy-mm-dd`, { field: 'date' });
  }
  const device = validateDeviceCode(deviceCode);
  if (!device.ok) throw new AppError('VALIDATION', device.message, { field: 'deviceCode' });
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) {
    const hint =
      Number.isInteger(sequence) && sequence > MAX_SEQUENCE
        ? '：本设备今日的办件编号已用完，请联系管理员为本窗口另配一个设备编码'
        : '';
    throw new AppError('VALIDATION', `办件流水号应在1至${MAX_SEQUENCE}之间，当前为 ${sequence}${hint}`, { field: 'sequence' });
  }
  const body = `${regionCode}${date.replaceAll('-', '')}${device.normalized}${String(sequence).padStart(5, '0')}`;
  return body + caseNumberCheckChar(body);
}

/**
 * Shape only (length and character classes), no date or check character: cheap enough for
 * deciding whether scanner input is a case number or a name/ID to search for.
 */
export function isCaseNumberLike(value: string): boolean {
  return SHAPE.test(normalize(value));
}

export function parseCaseNumber(value: string): CaseNumberParse {
  const v = normalize(value);
  if (v.length !== CASE_NUMBER_LENGTH) {
    return { ok: false, reason: 'length', message: `办件编号应为${CASE_NUMBER_LENGTH}位，当前为${v.length}位，请核对` };
  }
  if (!SHAPE.test(v) || !REGION_CODE.test(v.slice(0, 6))) {
    return {
      ok: false,
      reason: 'format',
      message: '办件编号格式不对：前14位应为区划代码和日期（数字），第15–17位为设备编码，第18–22位为流水号，请核对',
    };
  }
  const date = compactToIsoDate(v.slice(6, 14));
  if (date === null) {
    return { ok: false, reason: 'date', message: `办件编号中的日期 ${v.slice(6, 14)} 无效，请核对第7–14位` };
  }
  const sequence = Number(v.slice(17, 22));
  if (sequence < 1) {
    return { ok: false, reason: 'sequence', message: '办件编号中的流水号不能为00000，请核对第18–22位' };
  }
  const expected = caseNumberCheckChar(v.slice(0, 22));
  if (v[22] !== expected) {
    return { ok: false, reason: 'checkChar', message: '办件编号校验不通过，可能有输错或扫错的字符，请逐位核对或重新扫码' };
  }
  return { ok: true, normalized: v, regionCode: v.slice(0, 6), date, deviceCode: v.slice(14, 17), sequence };
}
