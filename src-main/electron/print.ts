/**
 * Printing for the Electron app: the system print dialog and "save as PDF" for the print view
 * (#/print/:caseId/:document). Exposed to the renderer as a second preload object,
 * `window.onewindowShell`, beside the API bridge `window.onewindow`.
 *
 * The renderer records every print through the API (`prints/record`) before it calls these; they
 * only drive the printer. Each request is checked like an API call (our window, our main frame,
 * our page) and must come from the print view itself, so no other screen can print or write files.
 *
 * Runtime imports are kept to what a sandboxed preload can load (it imports the bridge factory
 * from here): no Node module at the top, Electron only as types; main passes `dialog` in.
 */
import type { BaseWindow, Dialog, IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { isAppUrl, isTrustedSender, type SenderFrame } from './security.ts';

export const printChannel = 'onewindow:print';
export const printToPdfChannel = 'onewindow:print-to-pdf';

/** What every shell call answers (mirrored in src-renderer/src/print/shell.ts). */
export type ShellResult =
  | { ok: true; path?: string }
  | { ok: false; reason: 'cancelled' | 'forbidden' | 'invalid' | 'failed'; message: string };

/** `window.onewindowShell` in the renderer. */
export interface OneWindowShell {
  /** Opens the system print dialog for the page as it is (print CSS applies). */
  print(): Promise<ShellResult>;
  /** Renders the page to an A4 PDF and asks where to save it. */
  saveAsPdf(suggestedName: string): Promise<ShellResult>;
}

/** For the preload: `contextBridge.exposeInMainWorld('onewindowShell', createShellBridge(ipcRenderer.invoke…))`. */
export function createShellBridge(invoke: (channel: string, ...args: unknown[]) => Promise<unknown>): OneWindowShell {
  return {
    print: () => invoke(printChannel) as Promise<ShellResult>,
    saveAsPdf: (suggestedName) => invoke(printToPdfChannel, String(suggestedName)) as Promise<ShellResult>,
  };
}

/** The webContents calls these handlers use (a fake one in tests). */
export type PrintableContents = Pick<WebContents, 'id' | 'print' | 'printToPDF'>;

export type PrintSenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender: PrintableContents };

export interface PrintChannelOptions {
  /** The page the window loads (as for the API channel). */
  appUrl: string;
  /** Our window's webContents id; any other sender is refused. */
  windowContentsId: () => number | null;
  /** The window the save dialog belongs to. */
  parentWindow: () => BaseWindow | null;
  dialog: Pick<Dialog, 'showSaveDialog'>;
  /** Where the save dialog starts (e.g. app.getPath('documents')). */
  defaultDirectory: () => string;
  /** This window's printer (site.json), preselected in the print dialog; null leaves the system's default. */
  printerName?: () => string | null;
  /** Writes the PDF; node:fs/promises' writeFile unless a test passes its own. */
  writeFile?: (path: string, data: Uint8Array) => Promise<void>;
}

const forbidden: ShellResult = { ok: false, reason: 'forbidden', message: '拒绝请求：打印只能由一窗通主窗口的打印页面发起。' };

/** Our window, our main frame, our page — and the print view of it (#/print/…). */
export function isPrintSender(event: PrintSenderEvent, options: Pick<PrintChannelOptions, 'appUrl' | 'windowContentsId'>): boolean {
  const ownId = options.windowContentsId();
  const frame: SenderFrame | null | undefined = event.senderFrame;
  if (ownId === null || event.sender.id !== ownId || !isTrustedSender(frame, options.appUrl)) return false;
  // The main frame only, checked here too: a subframe must never reach the printer or the disk.
  if (!frame || frame.parent) return false;
  return isPrintViewUrl(frame.url, options.appUrl);
}

export function isPrintViewUrl(url: string | undefined, appUrl: string): boolean {
  if (!url || !isAppUrl(url, appUrl)) return false;
  try {
    return new URL(url).hash.startsWith('#/print/');
  } catch {
    return false;
  }
}

/** A file name from the renderer, made safe: no folders, no characters Windows refuses. */
export function safePdfName(suggested: unknown): string {
  const raw = typeof suggested === 'string' ? suggested : '';
  let name = raw.replace(/[\u0000-\u001f\\/:*?"<>|]+/g, '_').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 120);
  if (!name) name = '一窗通文书';
  return name.toLowerCase().endsWith('.pdf') ? name : `${name}.pdf`;
}

function cancelledOrFailed(failureReason: string): ShellResult {
  if (/cancel/i.test(failureReason)) return { ok: false, reason: 'cancelled', message: '打印已取消。' };
  return { ok: false, reason: 'failed', message: `打印失败（${failureReason || '未知原因'}）` };
}

/** The system print dialog (never silent: the clerk picks the printer and sees the preview). */
export async function handlePrint(event: PrintSenderEvent, options: PrintChannelOptions): Promise<ShellResult> {
  if (!isPrintSender(event, options)) {
    console.warn(`[security] refused print from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
    return forbidden;
  }
  return new Promise<ShellResult>((resolve) => {
    try {
      const deviceName = options.printerName?.() ?? null;
      event.sender.print({ silent: false, printBackground: true, ...(deviceName ? { deviceName } : {}) }, (success, failureReason) => {
        resolve(success ? { ok: true } : cancelledOrFailed(failureReason));
      });
    } catch (error) {
      resolve({ ok: false, reason: 'failed', message: `打印失败：${String(error)}` });
    }
  });
}

/** Renders the print view to an A4 PDF (the page's own @page margins) and saves it where the clerk says. */
export async function handlePrintToPdf(event: PrintSenderEvent, suggestedName: unknown, options: PrintChannelOptions): Promise<ShellResult> {
  if (!isPrintSender(event, options)) {
    console.warn(`[security] refused print-to-PDF from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
    return forbidden;
  }
  if (suggestedName !== undefined && typeof suggestedName !== 'string') {
    return { ok: false, reason: 'invalid', message: '请求格式无效：文件名应为字符串。' };
  }
  let pdf: Uint8Array;
  try {
    pdf = await event.sender.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
  } catch (error) {
    return { ok: false, reason: 'failed', message: `生成 PDF 失败：${String(error)}` };
  }
  const { join } = await import('node:path');
  const dialogOptions = {
    title: '另存为 PDF',
    defaultPath: join(options.defaultDirectory(), safePdfName(suggestedName)),
    filters: [{ name: 'PDF 文件', extensions: ['pdf'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<'createDirectory' | 'showOverwriteConfirmation'>,
  };
  const parent = options.parentWindow();
  const choice = parent ? await options.dialog.showSaveDialog(parent, dialogOptions) : await options.dialog.showSaveDialog(dialogOptions);
  if (choice.canceled || !choice.filePath) return { ok: false, reason: 'cancelled', message: '未保存。' };
  const path = choice.filePath.toLowerCase().endsWith('.pdf') ? choice.filePath : `${choice.filePath}.pdf`;
  try {
    const writeFile = options.writeFile ?? (await import('node:fs/promises')).writeFile;
    await writeFile(path, pdf);
  } catch (error) {
    return { ok: false, reason: 'failed', message: `无法写入 ${path}：${String(error)}` };
  }
  return { ok: true, path };
}

/** Registers both channels; returns a function that removes them. */
export function registerPrintChannels(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, options: PrintChannelOptions): () => void {
  ipcMain.handle(printChannel, (event) => handlePrint(event, options));
  ipcMain.handle(printToPdfChannel, (event, suggestedName: unknown) => handlePrintToPdf(event, suggestedName, options));
  return () => {
    ipcMain.removeHandler(printChannel);
    ipcMain.removeHandler(printToPdfChannel);
  };
}
