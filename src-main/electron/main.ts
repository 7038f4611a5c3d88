/**
 * The Electron shell: one hardened window over the service thread. Everything worth testing
 * lives in security.ts, ipc.ts, startup.ts and window.ts; this file only wires them together.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, safeStorage, screen, session, type BrowserWindow } from 'electron';
import { applyStagedRestore } from '../services/backup/staged-restore.ts';
import { keyFileVault, prepareDataKey } from '../services/crypto/data-key.ts';
import { ServiceHost } from '../host/service-host.ts';
import { registerDownloadChannel } from './download.ts';
import { EvaluatorWindows, registerEvaluatorChannels } from './evaluator.ts';
import { registerApiChannel } from './ipc.ts';
import { osKeystoreVault } from './key-vault.ts';
import { registerPrintChannels } from './print.ts';
import { applyKiosk, startAtLogin } from './counter.ts';
import { hardenContents, hardenSession } from './security.ts';
import { shellGate, startUpdates } from './updates.ts';
import { startServices, stopServicesBeforeQuit, type StoppableHost } from './startup.ts';
import { createMainWindow, rendererTarget } from './window.ts';

/** `out/` in the build (this file is out/main/index.js). */
const outDir = fileURLToPath(new URL('..', import.meta.url));

export async function main(): Promise<void> {
  app.setName('OneWindow');
  app.enableSandbox();
  // A data folder given from outside holds the browser profile too, and the one-instance lock
  // is then per folder: two windows never open the same database.
  const dataDirOverride = process.env.ONEWINDOW_DATA_DIR;
  if (dataDirOverride) app.setPath('userData', dataDirOverride);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  if (app.isPackaged) process.env.ONEWINDOW_RESOURCES = join(process.resourcesPath, 'resources');

  const target = rendererTarget(outDir, process.env, app.isPackaged);
  let host: StoppableHost | null = null;
  let window: BrowserWindow | null = null;

  app.on('web-contents-created', (_event, contents) => hardenContents(contents, target.appUrl));
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  // A counter app: closing the window ends it, on every platform.
  app.on('window-all-closed', () => app.quit());
  stopServicesBeforeQuit(app, () => {
    const running = host;
    host = null;
    return running;
  });
  registerApiChannel(ipcMain, {
    host: () => host,
    appUrl: target.appUrl,
    windowContentsId: () => window?.webContents.id ?? null,
  });
  registerPrintChannels(ipcMain, {
    appUrl: target.appUrl,
    windowContentsId: () => window?.webContents.id ?? null,
    parentWindow: () => window,
    dialog,
    defaultDirectory: () => app.getPath('documents'),
    printerName: () => host?.shell?.printer ?? null,
  });

  let dataDir: string | null = null;
  registerDownloadChannel(ipcMain, {
    appUrl: target.appUrl,
    windowContentsId: () => window?.webContents.id ?? null,
    parentWindow: () => window,
    dialog,
    defaultDirectory: () => app.getPath('documents'),
    dataDir: () => (host ? dataDir : null),
  });

  const preloadPath = join(outDir, 'preload', 'preload.cjs');
  const evaluator = new EvaluatorWindows({
    target,
    preloadPath,
    mainContentsId: () => window?.webContents.id ?? null,
    // Read when the evaluator opens (after ready): a display plugged in later is found.
    screen: { getAllDisplays: () => screen.getAllDisplays(), getPrimaryDisplay: () => screen.getPrimaryDisplay() },
  });
  registerEvaluatorChannels(ipcMain, evaluator);

  await app.whenReady();
  hardenSession(session.defaultSession, target.appUrl);
  dataDir = dataDirOverride || app.getPath('userData');
  // safeStorage exists only in this process: the key is unwrapped here and handed to the service thread.
  const vault = osKeystoreVault(safeStorage) ?? keyFileVault;
  // An installed build never invents a demo centre: a new PC without a site file opens the first-run wizard.
  host = await startServices({ dataDir, appVersion: app.getVersion(), seedDemoIfEmpty: !app.isPackaged }, async (options) => {
    // Before every start of the service thread (a restore's restart included): a staged restore
    // is put in place first, then the key the folder now holds is unwrapped.
    const started = await ServiceHost.start(options, (boot) => {
      applyStagedRestore(boot.dataDir);
      return { ...boot, dataKey: prepareDataKey(boot.dataDir, vault) };
    });
    // The service thread kept dying or cannot restart: every call already answers why; stop the app.
    started.onFatal = (error) => {
      dialog.showErrorBox('一窗通已停止服务', error.message);
      app.exit(1);
    };
    return started;
  });
  if (!host) {
    app.quit();
    return;
  }
  window = createMainWindow(target, preloadPath);
  applyKiosk(window, host.shell);
  startAtLogin(app);
  const updateUrl = host.shell?.updateUrl;
  if (app.isPackaged && updateUrl) {
    // An update is installed only once the window (and any intake form in it) is gone.
    void startUpdates({ app, window, feedUrl: updateUrl, userDataDir: app.getPath('userData'), gate: shellGate(() => window, () => host) }).catch((error: unknown) => console.error(`[updates] ${String(error)}`));
  }
  window.on('closed', () => {
    window = null;
    // The applicant's screen goes with the clerk's, so the app can quit.
    evaluator.close();
  });
}

main().catch((error: unknown) => {
  dialog.showErrorBox('一窗通无法启动', `启动失败：${String(error)}`);
  app.exit(1);
});
