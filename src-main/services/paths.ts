import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the local store lives when no site is configured. It matches Electron's userData folder
 * for an app named OneWindow, so the desktop app, browser mode and the CLI open the same store.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.ONEWINDOW_DATA_DIR) return env.ONEWINDOW_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'OneWindow');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'OneWindow');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'OneWindow');
}

export function databasePath(dataDir: string): string {
  return join(dataDir, 'onewindow.db');
}

/**
 * The `resources/` folder: beside the app in a packaged build (ONEWINDOW_RESOURCES is set by the
 * Electron shell), otherwise found by walking up from this file (source or `out/`).
 */
export function resourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ONEWINDOW_RESOURCES) return env.ONEWINDOW_RESOURCES;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'resources', 'calendars'))) return join(dir, 'resources');
    const parent = dirname(dir);
    if (parent === dir) throw new Error('找不到 resources 目录；请设置 ONEWINDOW_RESOURCES 指向程序的 resources 目录。');
    dir = parent;
  }
}
