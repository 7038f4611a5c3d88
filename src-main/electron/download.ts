/**
 * Saving an export in the Electron app: the renderer passes the id `exports/create` answered
 * with, main shows the save dialog and copies the staged file (services/exports/downloads.ts)
 * to where the supervisor chose, then removes it. The bytes never cross IPC or the renderer.
 * Exposed as `window.onewindowShell.saveDownload` (download-bridge.ts); the sender is checked
 * like an API call (our window's main frame showing our page). Main passes `dialog` in.
 */
import { copyFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { BaseWindow, Dialog, IpcMain, IpcMainInvokeEvent } from 'electron';
import { takeDownload } from '../services/exports/downloads.ts';
import { saveDownloadChannel } from './download-bridge.ts';
import type { ShellResult } from './print.ts';
import { isTrustedSender, type SenderFrame } from './security.ts';

export type DownloadSenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender: { id: number } };

export interface DownloadChannelOptions {
  appUrl: string;
  windowContentsId: () => number | null;
  parentWindow: () => BaseWindow | null;
  dialog: Pick<Dialog, 'showSaveDialog'>;
  /** Where the save dialog starts (app.getPath('documents')). */
  defaultDirectory: () => string;
  /** The data folder the service thread stages exports in; null while services are not running. */
  dataDir: () => string | null;
}

const forbidden: ShellResult = { ok: false, reason: 'forbidden', message: '拒绝请求：导出文件只能由一窗通主窗口保存。' };

export async function handleSaveDownload(event: DownloadSenderEvent, id: unknown, options: DownloadChannelOptions): Promise<ShellResult> {
  const ownId = options.windowContentsId();
  const frame: SenderFrame | null | undefined = event.senderFrame;
  if (ownId === null || event.sender.id !== ownId || !isTrustedSender(frame, options.appUrl) || !frame || frame.parent) {
    console.warn(`[security] refused save-download from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
    return forbidden;
  }
  if (typeof id !== 'string') return { ok: false, reason: 'invalid', message: '请求格式无效：下载编号应为字符串。' };
  const dataDir = options.dataDir();
  const staged = dataDir ? await takeDownload(dataDir, id) : null;
  if (!staged) return { ok: false, reason: 'failed', message: '该导出文件已保存或已过期，请重新导出。' };
  const extension = extname(staged.fileName).slice(1);
  const dialogOptions = {
    title: '保存导出文件',
    defaultPath: join(options.defaultDirectory(), staged.fileName),
    filters: extension ? [{ name: `${extension.toUpperCase()} 文件`, extensions: [extension] }] : [],
    properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<'createDirectory' | 'showOverwriteConfirmation'>,
  };
  try {
    const parent = options.parentWindow();
    const choice = parent ? await options.dialog.showSaveDialog(parent, dialogOptions) : await options.dialog.showSaveDialog(dialogOptions);
    if (choice.canceled || !choice.filePath) return { ok: false, reason: 'cancelled', message: '未保存。' };
    const path = extension && !choice.filePath.toLowerCase().endsWith(`.${extension.toLowerCase()}`) ? `${choice.filePath}.${extension}` : choice.filePath;
    try {
      await copyFile(staged.path, path);
    } catch (error) {
      return { ok: false, reason: 'failed', message: `无法写入 ${path}：${String(error)}。请选择其他文件夹后重新导出。` };
    }
    return { ok: true, path };
  } finally {
    // Saved, cancelled or failed: the staged copy (possibly with full ID numbers) goes now.
    await staged.release();
  }
}

export function registerDownloadChannel(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, options: DownloadChannelOptions): () => void {
  ipcMain.handle(saveDownloadChannel, (event, id: unknown) => handleSaveDownload(event, id, options));
  return () => ipcMain.removeHandler(saveDownloadChannel);
}
