import type { ReadTx } from '../../store/store.ts';
import type { ShellSettings } from '../../host/service-protocol.ts';
import { readLocalConfig } from './local-config.ts';
import { appliedSite } from './site-file.ts';

/**
 * The counter PC's shell settings in force: kiosk full screen (the admin's switch in 系统设置),
 * the printer of this PC's window (its entry in site.json, else the hall's default printer, else
 * this PC's own setting, else the system's), and the hall's update server.
 */
export function shellSettings(tx: ReadTx): ShellSettings {
  const site = appliedSite(tx);
  const local = readLocalConfig(tx);
  const siteWindow = site?.windows.find((w) => w.number === local.window?.number);
  return {
    kiosk: local.settings['kiosk.enabled'] === '1',
    printer: siteWindow?.printer ?? site?.printers?.default ?? local.settings['print.printer'] ?? null,
    updateUrl: site?.update?.url ?? local.settings['update.url'] ?? null,
  };
}
