import type { DownloadView } from '@domain/api/deploy-views.ts';

/**
 * Hands a file main made (a recovery key, a diagnostic bundle) to the user as a download: the
 * browser's download in browser mode, the session's save dialog in Electron.
 */
export function saveDownload(file: DownloadView): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Browser mode has no Electron shell: what the shell reads (the kiosk switch) applies on the counter PC's desktop app. */
export function inBrowserMode(win: Window = window): boolean {
  return win.onewindow === undefined;
}
