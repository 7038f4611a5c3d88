import type { ShellResult } from './print.ts';

/** The channel of `window.onewindowShell.saveDownload` (handled in download.ts). Kept apart so the sandboxed preload loads no Node module. */
export const saveDownloadChannel = 'onewindow:save-download';

export function createDownloadBridge(invoke: (channel: string, ...args: unknown[]) => Promise<unknown>): { saveDownload(id: string): Promise<ShellResult> } {
  return { saveDownload: (id) => invoke(saveDownloadChannel, String(id)) as Promise<ShellResult> };
}
