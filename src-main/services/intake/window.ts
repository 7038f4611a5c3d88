import { AppError } from '../../domain/errors.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';
import { readSetting } from '../settings/settings.ts';

export interface DeviceWindow {
  id: string;
  number: string;
  name: string;
  device_code: string;
  centre_id: string;
  centre_name: string;
  region_code: string;
}

/**
 * Windows and centres, by id, as every accept reads them. Kept per connection: binding the PC to
 * another window is a settings write (a new id), and every write to service_window or centre
 * must call `forgetWindows` (the demo seed, a registration that gives the PC its centre).
 */
const windowsKey = 'intake.windows';

/** The window this PC is bound to, if it is bound to one yet. */
export function boundWindow(tx: ReadTx): DeviceWindow | undefined {
  const windowId = readSetting(tx, 'device.windowId');
  return windowId ? windowById(tx, windowId) : undefined;
}

/** The window this PC is bound to; its code goes into every case number it issues. */
export function deviceWindow(tx: ReadTx): DeviceWindow {
  const window = boundWindow(tx);
  if (!window) {
    throw new AppError('CONFLICT', '本机尚未绑定窗口，不能受理。请管理员在“设置”中为本机绑定窗口后再试。');
  }
  return window;
}

function windowById(tx: ReadTx, id: string): DeviceWindow | undefined {
  const kept = tx.remember(windowsKey, () => new Map<string, DeviceWindow>());
  let window = kept.get(id);
  if (!window) {
    window = tx.get<DeviceWindow>(
      `SELECT w.id, w.number, w.name, w.device_code, c.id AS centre_id, c.name AS centre_name, c.region_code
         FROM service_window w JOIN centre c ON c.id = w.centre_id WHERE w.id = ?`,
      id,
    );
    if (window) kept.set(id, Object.freeze(window));
  }
  return window;
}

export function forgetWindows(tx: WriteTx): void {
  tx.forget(windowsKey);
}
