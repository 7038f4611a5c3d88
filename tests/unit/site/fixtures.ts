import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A hall's site file as IT would write it: two windows, a gateway with its CA, an update server. */
export function hallSite(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 1,
    centre: { name: '沈阳市和平区政务服务中心', regionCode: '210102' },
    windows: [
      { number: '01', name: '综合窗口一', deviceCode: 'H01', printer: '一号窗口 HP M404' },
      { number: '02', name: '综合窗口二', deviceCode: 'H02' },
    ],
    gateway: { url: 'https://gw.hp.example.gov.cn/', caCertificate: '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2hpbmFUZXN0\n-----END CERTIFICATE-----' },
    update: { url: 'http://updates.hp.example.gov.cn/onewindow/' },
    printers: { default: '大厅共享打印机' },
    idleLockMinutes: 5,
    ...overrides,
  };
}

export function writeSite(dir: string, site: unknown): string {
  const path = join(dir, 'site.json');
  writeFileSync(path, typeof site === 'string' ? site : JSON.stringify(site, null, 2));
  return path;
}
