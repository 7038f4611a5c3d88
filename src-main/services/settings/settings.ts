import { isShownSetting } from '../../domain/settings/catalogue.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';

/**
 * Settings are read on every call (the session's idle limit) and several times per accept, and
 * change only through `writeSetting` here, or through another connection's commit (the CLI), which
 * drops everything the store keeps. So each is read once per connection.
 */
const settingsKey = 'settings';

export function readSetting(tx: ReadTx, key: string): string | null {
  const kept = tx.remember(settingsKey, () => new Map<string, string | null>());
  if (kept.has(key)) return kept.get(key) ?? null;
  const value = tx.get<{ value: string }>('SELECT value FROM setting WHERE key = ?', key)?.value ?? null;
  kept.set(key, value);
  return value;
}

export function writeSetting(tx: WriteTx, key: string, value: string): void {
  tx.run(
    'INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    key,
    value,
  );
  tx.forget(settingsKey);
}

const defaultIdleMinutes = 10;

/**
 * The idle-lock time: the site file's (applied at start), else this PC's `session.idleMinutes`,
 * else the default 10 when unset or not a positive number.
 */
export function idleMinutes(tx: ReadTx): number {
  for (const key of ['site.idleLockMinutes', 'session.idleMinutes']) {
    const minutes = Number(readSetting(tx, key));
    if (Number.isFinite(minutes) && minutes > 0) return minutes;
  }
  return defaultIdleMinutes;
}

/** What 系统设置 shows: the named settings only, never the app's own records (the data key's check value…). */
export function listSettings(tx: ReadTx): { key: string; value: string }[] {
  return tx.all<{ key: string; value: string }>('SELECT key, value FROM setting ORDER BY key').filter((row) => isShownSetting(row.key));
}

/** An admin's change of a setting, on record with its new value. */
export function changeSetting(tx: WriteTx, key: string, value: string): { key: string; value: string } {
  writeSetting(tx, key, value);
  tx.audit({ action: 'setting.change', target: key, detail: { value } });
  return { key, value };
}
