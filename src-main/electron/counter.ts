import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { App, BrowserWindow } from 'electron';
import type { ShellSettings } from '../host/service-protocol.ts';

/**
 * A counter PC: the app starts with the clerk's session (Windows' login items; on Linux an XDG
 * autostart entry, which Electron's login-item call does not cover), and the admin can put the
 * window in kiosk full screen (系统设置; it applies from the next start).
 */
export function startAtLogin(app: Pick<App, 'isPackaged' | 'setLoginItemSettings'>, platform = process.platform, env = process.env): string | null {
  if (!app.isPackaged) return null;
  if (platform !== 'linux') {
    app.setLoginItemSettings({ openAtLogin: true });
    return 'login-item';
  }
  // An AppImage moves with its file; a deb's binary is where the package put it.
  const executable = env.APPIMAGE ?? process.execPath;
  const dir = join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'autostart');
  mkdirSync(dir, { recursive: true });
  const entry = ['[Desktop Entry]', 'Type=Application', 'Name=一窗通', `Exec="${executable}"`, 'X-GNOME-Autostart-enabled=true', ''].join('\n');
  const path = join(dir, 'onewindow.desktop');
  writeFileSync(path, entry);
  return path;
}

export function applyKiosk(window: Pick<BrowserWindow, 'setKiosk'>, shell: Pick<ShellSettings, 'kiosk'> | undefined): void {
  if (shell?.kiosk) window.setKiosk(true);
}
