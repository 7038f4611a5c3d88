/**
 * The real Electron app, end to end. Runs where the Electron binary exists; on machines without
 * it (such as the build server) it is skipped with the reason — browser mode covers the UI there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { findElectronBinary } from '../../src-main/electron/binary.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const binary = findElectronBinary();
if (!binary.available) console.warn(`[electron.spec] skipped: ${binary.reason} (${binary.detail})`);

test.describe('Electron app', () => {
  test.skip(!binary.available, binary.available ? '' : binary.reason);

  let app: ElectronApplication;
  let dataDir: string;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    if (!binary.available) return;
    if (!existsSync(join(root, 'out', 'main', 'index.js')) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
      execFileSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
        cwd: root,
        stdio: 'inherit',
      });
    }
    dataDir = mkdtempSync(join(tmpdir(), 'onewindow-electron-e2e-'));
    app = await electron.launch({
      executablePath: binary.path,
      args: ['.'],
      cwd: root,
      env: { ...process.env, ONEWINDOW_DATA_DIR: dataDir, ELECTRON_RENDERER_URL: '' },
    });
  });

  test.afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('opens the login screen in a hardened window', async () => {
    const page = await app.firstWindow();
    await expect(page).toHaveTitle('一窗通');
    await expect(page.getByRole('heading', { level: 1, name: '一窗通' })).toBeVisible();
    // The centre's name arrives through the preload bridge and IPC from the service thread.
    await expect(page.getByTestId('centre-name')).not.toBeEmpty();
    const windowTitle = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle());
    expect(windowTitle).toBe('一窗通');
    // No Node in the page; only the bridge.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys((globalThis as unknown as { onewindow: object }).onewindow))).toEqual(['invoke']);
  });
});
