import type { App, BrowserWindow } from 'electron';
import type { AppUpdater, UpdateInfo } from 'electron-updater';
import { markStarted, onStart, recordPendingUpdate } from '../services/updates/update-record.ts';

/**
 * Updates from the hall's intranet server (site.json's `update.url`, electron-updater's generic
 * provider). The server's `latest.yml` carries each file's SHA-512, which electron-updater checks
 * before anything is installed, and IT's `stagingPercentage`, which offers a release to that share
 * of PCs first (each PC's share is fixed by a random id kept in its data folder). A downloaded
 * update is installed only when nothing would be lost: no intake form open, no sync push under way.
 * An update whose new version does not reach a working window twice is rolled back to the release
 * the server keeps on its `previous` channel (`previous.yml`).
 */
export interface UpdateGate {
  intakeFormOpen(): boolean;
  syncPushing(): boolean;
}

/**
 * The gate as the shell wires it: an open window may hold an intake form; the service host knows
 * whether the outbox is being sent, by the sync engine's own background loop or by a `sync/` call.
 */
export function shellGate(window: () => unknown, host: () => { readonly syncPushing?: boolean } | null): UpdateGate {
  return { intakeFormOpen: () => window() !== null, syncPushing: () => host()?.syncPushing ?? false };
}

export class UpdateController {
  private readonly updater: AppUpdater;
  private readonly gate: UpdateGate;
  private readonly userDataDir: string;
  private readonly currentVersion: string;
  private downloaded: UpdateInfo | null = null;

  constructor(options: { updater: AppUpdater; feedUrl: string; gate: UpdateGate; userDataDir: string; currentVersion: string }) {
    this.updater = options.updater;
    // One build serves every hall: the site file names the hall's own server.
    this.updater.setFeedURL({ provider: 'generic', url: options.feedUrl });
    this.gate = options.gate;
    this.userDataDir = options.userDataDir;
    this.currentVersion = options.currentVersion;
    // Installing is ours to decide (the gate), never electron-updater's on its own at quit.
    this.updater.autoDownload = true;
    this.updater.autoInstallOnAppQuit = false;
    this.updater.on('update-downloaded', (info: UpdateInfo) => {
      this.downloaded = info;
    });
  }

  /** Looks for a release; electron-updater downloads it (checksum checked) when this PC is within the rollout. */
  async check(): Promise<UpdateInfo | null> {
    const result = await this.updater.checkForUpdates();
    if (!result?.isUpdateAvailable) return null;
    await result.downloadPromise;
    return result.updateInfo;
  }

  get ready(): UpdateInfo | null {
    return this.downloaded;
  }

  /** Why an update cannot be installed now, or null when it can. */
  blockedBy(): string | null {
    if (!this.downloaded) return '没有已下载的更新';
    if (this.gate.intakeFormOpen()) return '受理表单未关闭';
    if (this.gate.syncPushing()) return '正在向中心平台上传';
    return null;
  }

  /** Installs the downloaded update if nothing is in the way; says whether it did. */
  applyIfSafe(): boolean {
    if (this.blockedBy() !== null || !this.downloaded) return false;
    recordPendingUpdate(this.userDataDir, this.currentVersion, this.downloaded.version);
    this.updater.quitAndInstall(true, true);
    return true;
  }

  /**
   * At start: an update that keeps failing to start is taken back. Returns what happened, so the
   * shell can tell IT (the diagnostic log) and the clerk.
   */
  async rollBackIfFailing(): Promise<'none' | 'watching' | 'rolling-back' | 'install-failed'> {
    const verdict = onStart(this.userDataDir, this.currentVersion);
    if (verdict.action === 'none') return 'none';
    if (verdict.action === 'watch') return 'watching';
    if (verdict.action === 'install-failed') return 'install-failed';
    this.updater.channel = 'previous';
    this.updater.allowDowngrade = true;
    markStarted(this.userDataDir);
    const info = await this.check();
    if (info) {
      recordPendingUpdate(this.userDataDir, this.currentVersion, info.version);
      this.updater.quitAndInstall(true, true);
    }
    return 'rolling-back';
  }

  /** The window is up and the services answered: the running version works. */
  started(): void {
    markStarted(this.userDataDir);
  }
}

const checkEveryMs = 4 * 3600_000;

/**
 * The shell's side: electron-updater's own updater for this platform (NSIS, AppImage or deb), a
 * check at start and every few hours, the rollback check at start, the version confirmed once the
 * window has loaded, and the install tried when the app quits.
 */
export async function startUpdates(options: {
  app: Pick<App, 'getVersion' | 'on'>;
  window: Pick<BrowserWindow, 'webContents'>;
  feedUrl: string;
  userDataDir: string;
  gate: UpdateGate;
}): Promise<UpdateController> {
  // Loaded only here: reading electron-updater's autoUpdater builds the platform's updater at once.
  const { autoUpdater } = await import('electron-updater');
  const controller = new UpdateController({ updater: autoUpdater, feedUrl: options.feedUrl, gate: options.gate, userDataDir: options.userDataDir, currentVersion: options.app.getVersion() });
  const report = (error: unknown) => console.error(`[updates] ${error instanceof Error ? error.message : String(error)}`);
  void controller
    .rollBackIfFailing()
    .then((state) => (state === 'rolling-back' ? undefined : controller.check()))
    .catch(report);
  options.window.webContents.once('did-finish-load', () => controller.started());
  setInterval(() => void controller.check().catch(report), checkEveryMs).unref();
  options.app.on('before-quit', () => {
    controller.applyIfSafe();
  });
  return controller;
}
