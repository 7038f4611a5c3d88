import type { SiteConfigView } from '../../domain/api/deploy-views.ts';
import { effectiveConfig, type LocalConfig } from '../../domain/site/effective.ts';
import { AppError } from '../../domain/errors.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';
import { forgetWindows } from '../intake/window.ts';
import { readSetting, writeSetting } from '../settings/settings.ts';
import { readLink } from '../sync/link.ts';
import { appliedSite, appliedSitePath } from './site-file.ts';

/** This PC's side of the configuration: the centre and windows in its store, its own settings, its window. */
export function readLocalConfig(tx: ReadTx): LocalConfig {
  const centre = tx.get<{ name: string; region_code: string; is_demo: number }>('SELECT name, region_code, is_demo FROM centre ORDER BY is_demo, rowid LIMIT 1');
  const settings = Object.fromEntries(tx.all<{ key: string; value: string }>('SELECT key, value FROM setting').map((row) => [row.key, row.value]));
  const windowId = readSetting(tx, 'device.windowId');
  const link = readLink(tx);
  const window = windowId ? tx.get<{ number: string; name: string; device_code: string }>('SELECT number, name, device_code FROM service_window WHERE id = ?', windowId) : undefined;
  return {
    centre: centre ? { name: centre.name, regionCode: centre.region_code, isDemo: centre.is_demo === 1 } : null,
    registeredCentre: link ? { name: link.centre_name, regionCode: link.region_code } : null,
    windowCount: tx.get<{ n: number }>('SELECT count(*) AS n FROM service_window')?.n ?? 0,
    window: window ? { number: window.number, name: window.name, deviceCode: window.device_code } : null,
    settings,
  };
}

export function siteConfigView(tx: ReadTx): SiteConfigView {
  const site = appliedSite(tx);
  const local = readLocalConfig(tx);
  const mine = local.window?.number ?? null;
  const numbers = site ? new Set(site.windows.map((w) => w.number)) : null;
  const windows = tx
    .all<{ number: string; name: string; device_code: string }>('SELECT number, name, device_code FROM service_window ORDER BY number')
    .filter((w) => numbers === null || numbers.has(w.number))
    .map((w) => ({ number: w.number, name: w.name, deviceCode: w.device_code, taken: w.number === mine }));
  return { siteFile: appliedSitePath(tx), firstRun: local.centre === null, needsWindow: local.window === null, values: effectiveConfig(site, local), windows, kiosk: local.settings['kiosk.enabled'] === '1' };
}

/**
 * Binds this PC to one of the hall's windows (its first start, or IT moving it). The window's
 * device code goes into every case number this PC issues, so the choice is audited.
 */
export function pickWindow(tx: WriteTx, number: string): SiteConfigView {
  const site = appliedSite(tx);
  if (site && !site.windows.some((w) => w.number === number)) {
    throw new AppError('NOT_FOUND', `站点文件中没有 ${number} 号窗口，请从列表中选择。`, { field: 'number' });
  }
  const window = tx.get<{ id: string; name: string; device_code: string }>(
    'SELECT w.id, w.name, w.device_code FROM service_window w JOIN centre c ON c.id = w.centre_id WHERE w.number = ? ORDER BY c.is_demo LIMIT 1',
    number,
  );
  if (!window) throw new AppError('NOT_FOUND', `没有 ${number} 号窗口，请从列表中选择。`, { field: 'number' });
  writeSetting(tx, 'device.windowId', window.id);
  forgetWindows(tx);
  tx.audit({ action: 'device.pickWindow', target: number, detail: { name: window.name, deviceCode: window.device_code } });
  return siteConfigView(tx);
}

/**
 * The admin's kiosk switch: the counter window fills the screen with no way out but the app's own
 * (read by the Electron shell at start, so it applies from the next start).
 */
export function setKiosk(tx: WriteTx, enabled: boolean): SiteConfigView {
  writeSetting(tx, 'kiosk.enabled', enabled ? '1' : '0');
  tx.audit({ action: 'setting.change', target: 'kiosk.enabled', detail: { value: enabled ? '1' : '0' } });
  return siteConfigView(tx);
}
