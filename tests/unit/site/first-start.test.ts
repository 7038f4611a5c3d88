import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/domain/errors.ts';
import { bootServices, type Services } from '../../../src-main/host/boot.ts';
import { deviceWindow } from '../../../src-main/services/intake/window.ts';
import { createFirstAdmin } from '../../../src-main/services/site/first-admin.ts';
import { pickWindow, siteConfigView } from '../../../src-main/services/site/local-config.ts';
import { useTempDir } from '../../helpers/temp.ts';
import { hallSite, writeSite } from './fixtures.ts';

const tempDir = useTempDir('onewindow-first-');
const system = { actor: { userId: null, role: null }, deviceId: 'test-device', now: new Date('2026-12-02T01:00:00Z') };

function bootHall(): Services {
  return bootServices({ dataDir: tempDir(), appVersion: 'test', siteFile: writeSite(tempDir(), hallSite()) });
}

describe('the first start of a PC in a configured hall', () => {
  it('creates the first administrator once, then logs in with the site’s idle-lock time', async () => {
    const services = bootHall();
    try {
      services.env.store.write(system, (tx) => createFirstAdmin(tx, { username: 'itadmin', displayName: '信息科', password: 'Hall@2026x' }));
      expect(() => services.env.store.write(system, (tx) => createFirstAdmin(tx, { username: 'other', displayName: '另一个', password: 'Hall@2026x' }))).toThrow(/已有账号/);
      const login = await services.dispatcher.call('session/login', { username: 'itadmin', password: 'Hall@2026x' }, null);
      expect(login.ok && (login.value as { idleMinutes: number }).idleMinutes).toBe(5);
    } finally {
      services.close();
    }
  });

  it('refuses a first administrator whose password breaks the policy', () => {
    const services = bootHall();
    try {
      expect(() => services.env.store.write(system, (tx) => createFirstAdmin(tx, { username: 'itadmin', displayName: '信息科', password: 'short' }))).toThrow(AppError);
      expect(services.env.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM app_user'))?.n).toBe(0);
    } finally {
      services.close();
    }
  });

  it('binds the PC to the window it picks (its device code goes into case numbers), and refuses one the site does not list', () => {
    const services = bootHall();
    try {
      const view = services.env.store.write(system, (tx) => pickWindow(tx, '02'));
      expect(view.needsWindow).toBe(false);
      expect(view.values.find((v) => v.key === 'device.window')).toMatchObject({ source: 'local', value: '综合窗口二（02，设备代码 H02）' });
      expect(services.env.store.read((tx) => deviceWindow(tx).device_code)).toBe('H02');
      expect(() => services.env.store.write(system, (tx) => pickWindow(tx, '09'))).toThrow(/没有 09 号窗口/);
      const audited = services.env.store.read((tx) => tx.all<{ target: string }>("SELECT target FROM audit_log WHERE action = 'device.pickWindow'"));
      expect(audited.map((row) => row.target)).toEqual(['02']);
      // Window 01's printer comes from its own entry, window 02 has none: the hall's default printer.
      expect(view.values.find((v) => v.key === 'printer.window')).toMatchObject({ value: '大厅共享打印机', source: 'site' });
      expect(services.env.store.read((tx) => siteConfigView(tx)).windows.find((w) => w.taken)?.number).toBe('02');
    } finally {
      services.close();
    }
  });

  it('restarting with the same file changes nothing; an edited file is applied and audited', () => {
    const dataDir = tempDir();
    const siteDir = tempDir();
    const path = writeSite(siteDir, hallSite());
    for (const site of [hallSite(), hallSite(), hallSite({ centre: { name: '沈阳市和平区政务服务中心（新址）', regionCode: '210102' } })]) {
      writeSite(siteDir, site);
      bootServices({ dataDir, appVersion: 'test', siteFile: path }).close();
    }
    const services = bootServices({ dataDir, appVersion: 'test', siteFile: path });
    try {
      const applied = services.env.store.read((tx) => tx.all<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'site.apply'"));
      expect(applied[0]?.n).toBe(2);
      expect(services.env.store.read((tx) => tx.all<{ name: string }>('SELECT name FROM centre'))).toEqual([{ name: '沈阳市和平区政务服务中心（新址）' }]);
    } finally {
      services.close();
    }
  });
});
