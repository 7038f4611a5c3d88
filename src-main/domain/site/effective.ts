import type { SiteFile } from './site-file.ts';

/**
 * Where a value in force came from: the hall's site file, this PC's own setting, the built-in
 * default, or the platform (the centre's name once this PC registered in its region).
 */
export type ConfigSource = 'site' | 'local' | 'default' | 'platform';

export interface EffectiveValue {
  key: string;
  label: string;
  value: string | number | null;
  source: ConfigSource;
}

/** What this PC holds besides the site file (its settings table, its window binding). */
export interface LocalConfig {
  centre: { name: string; regionCode: string; isDemo: boolean } | null;
  /** The centre this PC registered with, as the platform named it; null while unregistered. */
  registeredCentre: { name: string; regionCode: string } | null;
  windowCount: number;
  window: { number: string; name: string; deviceCode: string } | null;
  settings: Readonly<Record<string, string>>;
}

export const configDefaults = { idleLockMinutes: 10, backupKeep: 7 } as const;

/**
 * The configuration in force and where each value came from. The site file wins: one file
 * configures the hall, and a PC's own settings fill only what the file leaves out.
 */
export function effectiveConfig(site: SiteFile | null, local: LocalConfig): EffectiveValue[] {
  const pick = (key: string, label: string, siteValue: string | number | undefined, localKey: string | null, fallback: string | number | null): EffectiveValue => {
    if (site !== null && siteValue !== undefined) return { key, label, value: siteValue ?? null, source: 'site' };
    const localValue = localKey ? local.settings[localKey] : undefined;
    if (localValue !== undefined && localValue !== '') return { key, label, value: typeof fallback === 'number' ? Number(localValue) : localValue, source: 'local' };
    return { key, label, value: fallback, source: 'default' };
  };
  const centreSource: ConfigSource = site ? 'site' : local.centre && !local.centre.isDemo ? 'local' : 'default';
  const regionCode = site?.centre.regionCode ?? local.centre?.regionCode ?? null;
  // The platform names the centre once this PC registered in its region, over the site file (docs/deploy.md §4).
  const registered = local.registeredCentre?.regionCode === regionCode ? local.registeredCentre : null;
  const siteWindow = site?.windows.find((w) => w.number === local.window?.number);
  return [
    registered
      ? { key: 'centre.name', label: '服务中心', value: registered.name, source: 'platform' }
      : { key: 'centre.name', label: '服务中心', value: site?.centre.name ?? local.centre?.name ?? null, source: centreSource },
    { key: 'centre.regionCode', label: '区划代码', value: regionCode, source: centreSource },
    { key: 'windows', label: '窗口数', value: site?.windows.length ?? local.windowCount, source: centreSource },
    {
      key: 'device.window',
      label: '本机窗口',
      value: local.window ? `${local.window.name}（${local.window.number}，设备代码 ${local.window.deviceCode}）` : null,
      source: local.window ? 'local' : 'default',
    },
    pick('gateway.url', '前置服务地址', site?.gateway?.url, 'gateway.url', null),
    {
      key: 'gateway.caCertificate',
      label: '前置服务 CA 证书',
      value: site?.gateway?.caCertificate ? '已配置' : null,
      source: site?.gateway?.caCertificate ? 'site' : 'default',
    },
    pick('update.url', '更新服务器地址', site?.update?.url, 'update.url', null),
    pick('printer.window', '本机窗口打印机', siteWindow?.printer ?? site?.printers?.default, 'print.printer', '系统默认打印机'),
    pick('session.idleMinutes', '空闲锁屏（分钟）', site?.idleLockMinutes, 'session.idleMinutes', configDefaults.idleLockMinutes),
    pick('backup.keep', '备份保留份数', site?.backup?.keep, 'backup.keep', configDefaults.backupKeep),
    pick('kiosk.enabled', '窗口全屏（自助终端模式）', undefined, 'kiosk.enabled', '0'),
  ];
}
