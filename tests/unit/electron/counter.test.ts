import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { applyKiosk, startAtLogin } from '../../../src-main/electron/counter.ts';
import { bootServices } from '../../../src-main/host/boot.ts';
import { pickWindow } from '../../../src-main/services/site/local-config.ts';
import { shellSettings } from '../../../src-main/services/site/shell-settings.ts';
import { useTempDir } from '../../helpers/temp.ts';
import { hallSite, writeSite } from '../site/fixtures.ts';

const tempDir = useTempDir('onewindow-counter-');

describe('a counter PC', () => {
  it('starts at login: a login item on Windows, an XDG autostart entry on Linux, nothing when run from source', () => {
    const app = { isPackaged: true, setLoginItemSettings: vi.fn() };
    expect(startAtLogin(app, 'win32')).toBe('login-item');
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true });
    const config = tempDir();
    const path = startAtLogin(app, 'linux', { XDG_CONFIG_HOME: config, APPIMAGE: '/opt/OneWindow-0.2.0.AppImage' });
    expect(path).toBe(join(config, 'autostart', 'onewindow.desktop'));
    expect(readFileSync(path!, 'utf8')).toContain('Exec="/opt/OneWindow-0.2.0.AppImage"');
    expect(startAtLogin({ isPackaged: false, setLoginItemSettings: vi.fn() }, 'win32')).toBeNull();
  });

  it('goes kiosk full screen only when the admin switched it on', () => {
    const window = { setKiosk: vi.fn() };
    applyKiosk(window, { kiosk: false });
    applyKiosk(window, undefined);
    expect(window.setKiosk).not.toHaveBeenCalled();
    applyKiosk(window, { kiosk: true });
    expect(window.setKiosk).toHaveBeenCalledWith(true);
  });

  it('prints to its window’s printer from the site file, else the hall’s default; reads the kiosk switch and the update server', () => {
    const services = bootServices({ dataDir: tempDir(), appVersion: 'test', siteFile: writeSite(tempDir(), hallSite()) });
    const system = { actor: { userId: null, role: null }, deviceId: 'd', now: new Date() };
    try {
      services.env.store.write(system, (tx) => pickWindow(tx, '01'));
      expect(services.env.store.read((tx) => shellSettings(tx))).toEqual({ kiosk: false, printer: '一号窗口 HP M404', updateUrl: 'http://updates.hp.example.gov.cn/onewindow/' });
      services.env.store.write(system, (tx) => {
        pickWindow(tx, '02');
        tx.run("INSERT INTO setting (key, value) VALUES ('kiosk.enabled', '1')");
      });
      expect(services.env.store.read((tx) => shellSettings(tx))).toMatchObject({ kiosk: true, printer: '大厅共享打印机' });
    } finally {
      services.close();
    }
  });
});
