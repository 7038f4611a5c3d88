import type { ExportFileView } from '@domain/api/views.ts';

/**
 * Saves an export the way the page saves any download: in browser mode the browser's download,
 * in Electron the session's save dialog for the same download (no extra IPC channel).
 */
export function saveExport(file: ExportFileView): void {
  const bytes = Uint8Array.from(atob(file.dataBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has taken its copy; the object URL would otherwise live as long as the page.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
