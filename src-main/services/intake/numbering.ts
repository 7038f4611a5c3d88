import { formatCaseNumber } from '../../domain/cases/case-number.ts';
import type { WriteTx } from '../../store/store.ts';

/**
 * The next case number of this device today. Numbers carry the centre's 区划 and the window's
 * device code, so two windows never collide even while both are offline; the sequence is per
 * device per day and lives in the same transaction as the case it numbers.
 */
export function nextCaseNumber(tx: WriteTx, regionCode: string, date: string, deviceCode: string): string {
  tx.run(
    `INSERT INTO case_number_sequence (device_code, day, last_sequence) VALUES (?, ?, 1)
     ON CONFLICT (device_code, day) DO UPDATE SET last_sequence = last_sequence + 1`,
    deviceCode,
    date,
  );
  const sequence =
    tx.get<{ last_sequence: number }>('SELECT last_sequence FROM case_number_sequence WHERE device_code = ? AND day = ?', deviceCode, date)
      ?.last_sequence ?? 1;
  return formatCaseNumber({ regionCode, date, deviceCode, sequence });
}
