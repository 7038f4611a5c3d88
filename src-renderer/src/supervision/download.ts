import type { ExportFileView } from '@domain/api/views.ts';
import type { ShellResult } from '../print/shell.ts';

type DownloadShell = { saveDownload?: (id: string) => Promise<ShellResult> };

/**
 * Hands an export to the supervisor without carrying its bytes through the page: in the Electron
 * app main shows the save dialog and copies the file there (src-main/electron/download.ts); in
 * browser mode the browser downloads it from browser mode's /download/<id>, streamed from disk.
 * Either way the id works once. Answers where it was saved (Electron) or null (the browser's own
 * download); throws a Chinese Error when it failed, and 'cancelled' when the dialog was closed.
 */
export async function saveExport(file: ExportFileView, win: Window = window): Promise<{ savedTo: string | null } | 'cancelled'> {
  const shell = win.onewindowShell as DownloadShell | undefined;
  if (shell?.saveDownload) {
    const result = await shell.saveDownload(file.downloadId);
    if (result.ok) return { savedTo: result.path ?? null };
    if (result.reason === 'cancelled') return 'cancelled';
    throw new Error(result.message);
  }
  const link = win.document.createElement('a');
  link.href = `/download/${encodeURIComponent(file.downloadId)}`;
  link.download = file.fileName;
  win.document.body.appendChild(link);
  link.click();
  link.remove();
  return { savedTo: null };
}
