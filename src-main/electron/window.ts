import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow } from 'electron';
import { hardenContents } from './security.ts';

/** What the window loads: the built page, or the dev server's URL (never when packaged). */
export type RendererTarget = { kind: 'file'; path: string; appUrl: string } | { kind: 'url'; url: string; appUrl: string };

export function rendererTarget(outDir: string, env: NodeJS.ProcessEnv, isPackaged: boolean): RendererTarget {
  const devUrl = env.ELECTRON_RENDERER_URL;
  if (devUrl && !isPackaged) return { kind: 'url', url: devUrl, appUrl: devUrl };
  const path = join(outDir, 'renderer', 'index.html');
  return { kind: 'file', path, appUrl: pathToFileURL(path).href };
}

export const windowTitle = '一窗通';

export function createMainWindow(target: RendererTarget, preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: windowTitle,
    backgroundColor: '#f5f7fa',
    autoHideMenuBar: true,
    // Written out in this call, not built by a helper, so that electronegativity (which reads
    // the BrowserWindow call itself) sees every value; tests/unit/electron checks them too.
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle click would otherwise open a link as a new window, past setWindowOpenHandler's intent.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  hardenContents(window.webContents, target.appUrl);
  window.once('ready-to-show', () => window.show());
  const loading = target.kind === 'file' ? window.loadFile(target.path) : window.loadURL(target.url);
  loading.catch((error: unknown) => console.error(`[window] 界面加载失败：${String(error)}`));
  return window;
}
