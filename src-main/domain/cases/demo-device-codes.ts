/**
 * Device codes kept for demo data (设备编码 ZD0–ZDZ): no real window may be configured with one
 * and the gateway never issues one, so a demo case's number can never be a real case's.
 *
 * Why it matters: a demo case never leaves its PC, but a real case's number is printed on the
 * applicant's notice and reaches every PC of its centre. Were demo cases numbered under the demo
 * windows' working codes (W01…), a real case taken at another demo-seeded PC before it was
 * registered would carry the same number as a demo case here, and the pull could not store it.
 */

/** The codes the demo history is numbered under, one per demo window. */
export const demoHistoryDeviceCodes = ['ZD1', 'ZD2', 'ZD3', 'ZD4'] as const;

/** Where a demo case goes when a real case pulled from the centre holds its number. */
export const renumberedDemoDeviceCode = 'ZD0';

const reservedPrefix = 'ZD';

export function isDemoDeviceCode(code: string): boolean {
  return code.length === 3 && code.startsWith(reservedPrefix);
}

/** The refusal for a real window configured with a reserved code (site file, first-run setup). */
export const demoDeviceCodeRefusal = `设备代码 ${reservedPrefix}0–${reservedPrefix}Z 留给演示数据，不能用于真实窗口，请换一个（如 W01）`;
