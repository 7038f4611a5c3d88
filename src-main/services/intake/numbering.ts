import { formatCaseNumber } from '../../domain/cases/case-number.ts';
import type { WriteTx } from '../../store/store.ts';

/**
 * The next `count` case numbers of this device today (a 一件事 bundle takes one for its parent
 * and one per matter). Numbers carry the centre's 区划 and the window's device code, so two
 * windows never collide even while both are offline; the sequence is per device per day and lives
 * in the same transaction as the cases it numbers.
 */
export function nextCaseNumbers(tx: WriteTx, regionCode: string, date: string, deviceCode: string, count = 1): [string, ...string[]] {
  tx.run(
    `INSERT INTO case_number_sequence (device_code, day, last_sequence) VALUES (?, ?, ?)
     ON CONFLICT (device_code, day) DO UPDATE SET last_sequence = last_sequence + excluded.last_sequence`,
    deviceCode,
    date,
    count,
  );
  const last =
    tx.get<{ last_sequence: number }>('SELECT last_sequence FROM case_number_sequence WHERE device_code = ? AND day = ?', deviceCode, date)
      ?.last_sequence ?? count;
  const numbered = (i: number) => formatCaseNumber({ regionCode, date, deviceCode, sequence: last - count + 1 + i });
  return [numbered(0), ...Array.from({ length: count - 1 }, (_, i) => numbered(i + 1))];
}
