/**
 * Is the Electron executable on this machine? Plain Node only — this file never imports
 * 'electron': `require('electron')` would try to download the binary when it is missing.
 * Used by scripts/start.ts and the Electron end-to-end spec.
 */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary = { available: true; path: string } | { available: false; reason: string; detail: string };

export const electronUnavailableReason =
  'Electron binary not available on this machine (not downloaded); run on a workstation with Electron installed';

/**
 * Reads what electron's own index.js reads (path.txt, dist/, ELECTRON_OVERRIDE_DIST_PATH)
 * without its fallback download.
 */
export function findElectronBinary(env: NodeJS.ProcessEnv = process.env, from: string = import.meta.url): ElectronBinary {
  const missing = (detail: string): ElectronBinary => ({ available: false, reason: electronUnavailableReason, detail });
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(from).resolve('electron/package.json'));
  } catch {
    return missing('the electron package is not installed');
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  let path: string;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) path = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
  else if (relative) path = join(packageDir, 'dist', relative);
  else return missing(`${pathFile} is missing: the Electron binary was never downloaded`);
  try {
    accessSync(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
  } catch {
    return missing(`${path} does not exist or is not executable`);
  }
  return { available: true, path };
}
