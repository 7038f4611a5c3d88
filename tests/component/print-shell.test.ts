import { describe, expect, it, vi } from 'vitest';

/**
 * Main's side of printing (src-main/electron/print.ts). The file belongs to the node project, not
 * to this (web) one, so it is loaded by a path the web type-check does not follow, and described
 * here by the parts the test uses.
 */
type ShellResult = { ok: true; path?: string } | { ok: false; reason: string; message: string };
interface PrintSenderEvent {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}
interface PrintChannelOptions {
  appUrl: string;
  windowContentsId: () => number | null;
  parentWindow: () => null;
  dialog: { showSaveDialog: (...args: never[]) => Promise<{ canceled: boolean; filePath: string }> };
  defaultDirectory: () => string;
  writeFile?: (path: string, data: Uint8Array) => Promise<void>;
}
interface PrintModule {
  printChannel: string;
  printToPdfChannel: string;
  createShellBridge(invoke: (channel: string, ...args: unknown[]) => Promise<unknown>): {
    print(): Promise<ShellResult>;
    saveAsPdf(name: string): Promise<ShellResult>;
  };
  handlePrint(event: PrintSenderEvent, options: PrintChannelOptions): Promise<ShellResult>;
  handlePrintToPdf(event: PrintSenderEvent, name: unknown, options: PrintChannelOptions): Promise<ShellResult>;
  registerPrintChannels(ipcMain: { handle: (channel: string, handler: unknown) => void; removeHandler: (channel: string) => void }, options: PrintChannelOptions): () => void;
  safePdfName(name: unknown): string;
}
const modulePath = '../../src-main/electron/print.ts';
const { createShellBridge, handlePrint, handlePrintToPdf, printChannel, printToPdfChannel, registerPrintChannels, safePdfName } = (await import(
  /* @vite-ignore */ modulePath
)) as PrintModule;

// security.ts reaches for electron's `shell` (external links); nothing here opens one.
vi.mock('electron', () => ({ shell: { openExternal: vi.fn() } }));

const appUrl = 'file:///opt/onewindow/out/renderer/index.html';
const ownId = 7;

function event(url: string | null, options: { id?: number; printResult?: [boolean, string]; subframe?: boolean } = {}) {
  const print = vi.fn((_options: unknown, callback?: (success: boolean, failureReason: string) => void) => {
    const [success, reason] = options.printResult ?? [true, ''];
    callback?.(success, reason);
  });
  const printToPDF = vi.fn(async () => Buffer.from('%PDF-1.7 fake'));
  const value = {
    sender: { id: options.id ?? ownId, print, printToPDF },
    senderFrame: url === null ? null : { url, parent: options.subframe ? {} : null },
  } as unknown as PrintSenderEvent;
  return { value, print, printToPDF };
}

function options(overrides: Partial<PrintChannelOptions> = {}): PrintChannelOptions & { written: Array<[string, Uint8Array]> } {
  const written: Array<[string, Uint8Array]> = [];
  return {
    appUrl,
    windowContentsId: () => ownId,
    parentWindow: () => null,
    dialog: { showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: '/home/clerk/文档/受理通知书-2102' })) },
    defaultDirectory: () => '/home/clerk/文档',
    writeFile: async (path, data) => {
      written.push([path, data]);
    },
    written,
    ...overrides,
  };
}

const printView = `${appUrl}#/print/case-1/acceptance`;

describe('Electron print channels', () => {
  it('prints with the system dialog, never silently, backgrounds on', async () => {
    const e = event(printView);
    await expect(handlePrint(e.value, options())).resolves.toEqual({ ok: true });
    expect(e.print).toHaveBeenCalledWith({ silent: false, printBackground: true }, expect.any(Function));
  });

  it('reports a cancelled dialog as cancelled and a failure in Chinese', async () => {
    await expect(handlePrint(event(printView, { printResult: [false, 'cancelled'] }).value, options())).resolves.toMatchObject({
      ok: false,
      reason: 'cancelled',
    });
    await expect(handlePrint(event(printView, { printResult: [false, 'Printer offline'] }).value, options())).resolves.toEqual({
      ok: false,
      reason: 'failed',
      message: '打印失败（Printer offline）',
    });
  });

  it('refuses other windows, other pages, other screens of the app and subframes', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const cases = [
      event(printView, { id: 99 }),
      event('https://evil.example/#/print/x/acceptance'),
      event(`${appUrl}#/cases`),
      event(null),
      event(printView, { subframe: true }),
    ];
    for (const e of cases) {
      await expect(handlePrint(e.value, options())).resolves.toMatchObject({ ok: false, reason: 'forbidden' });
      await expect(handlePrintToPdf(e.value, 'x', options())).resolves.toMatchObject({ ok: false, reason: 'forbidden' });
      expect(e.print).not.toHaveBeenCalled();
      expect(e.printToPDF).not.toHaveBeenCalled();
    }
    await expect(handlePrint(event(printView).value, options({ windowContentsId: () => null }))).resolves.toMatchObject({ reason: 'forbidden' });
    // Each refusal is logged for the security log.
    expect(warn).toHaveBeenCalledTimes(11);
    warn.mockRestore();
  });

  it('saves an A4 PDF where the clerk says, adding .pdf', async () => {
    const e = event(printView);
    const o = options();
    await expect(handlePrintToPdf(e.value, '受理通知书-2102', o)).resolves.toEqual({ ok: true, path: '/home/clerk/文档/受理通知书-2102.pdf' });
    expect(e.printToPDF).toHaveBeenCalledWith({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(o.dialog.showSaveDialog).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: '/home/clerk/文档/受理通知书-2102.pdf' }));
    expect(o.written.map(([path]) => path)).toEqual(['/home/clerk/文档/受理通知书-2102.pdf']);
  });

  it('writes nothing when the save dialog is cancelled, and refuses a non-string name', async () => {
    const o = options({ dialog: { showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })) } });
    await expect(handlePrintToPdf(event(printView).value, 'a', o)).resolves.toMatchObject({ ok: false, reason: 'cancelled' });
    expect(o.written).toEqual([]);
    await expect(handlePrintToPdf(event(printView).value, { evil: true }, options())).resolves.toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('keeps suggested file names inside the folder', () => {
    expect(safePdfName('../../etc/passwd')).toBe('_.._etc_passwd.pdf');
    expect(safePdfName('受理通知书-2102')).toBe('受理通知书-2102.pdf');
    expect(safePdfName('')).toBe('一窗通文书.pdf');
    expect(safePdfName('a:b*c?.PDF')).toBe('a_b_c_.PDF');
  });

  it('registers both channels and the preload bridge uses them', async () => {
    const handlers = new Map<string, unknown>();
    const ipcMain = { handle: vi.fn((channel: string, h: unknown) => handlers.set(channel, h)), removeHandler: vi.fn() };
    const remove = registerPrintChannels(ipcMain, options());
    expect([...handlers.keys()]).toEqual([printChannel, printToPdfChannel]);
    remove();
    expect(ipcMain.removeHandler).toHaveBeenCalledTimes(2);

    const invoke = vi.fn(async () => ({ ok: true }));
    const shell = createShellBridge(invoke);
    await shell.print();
    await shell.saveAsPdf('受理通知书');
    expect(invoke.mock.calls).toEqual([[printChannel], [printToPdfChannel, '受理通知书']]);
  });
});
