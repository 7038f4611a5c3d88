import type { ReadTx, WriteTx } from '../store/store.ts';

export function readSetting(tx: ReadTx, key: string): string | null {
  return tx.get<{ value: string }>('SELECT value FROM setting WHERE key = ?', key)?.value ?? null;
}

export function writeSetting(tx: WriteTx, key: string, value: string): void {
  tx.run(
    'INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    key,
    value,
  );
}

const defaultIdleMinutes = 10;

/** `session.idleMinutes`, or the default 10 when unset or not a positive number. */
export function idleMinutes(tx: ReadTx): number {
  const minutes = Number(readSetting(tx, 'session.idleMinutes'));
  return Number.isFinite(minutes) && minutes > 0 ? minutes : defaultIdleMinutes;
}
