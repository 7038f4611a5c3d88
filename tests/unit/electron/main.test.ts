/**
 * The shell's lifecycle, with 'electron' and the service thread faked: what main.ts does from
 * launch to quit, including the unreadable-database choice.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src-main/domain/errors.ts';
import { apiChannel } from '../../../src-main/electron/bridge.ts';
import { evaluatorOpenChannel } from '../../../src-main/electron/evaluator-bridge.ts';
import type { StoppableHost } from '../../../src-main/electron/startup.ts';
import type { BootOptions } from '../../../src-main/host/boot.ts';
import * as fakeModule from './fake-electron.ts';

vi.mock('electron', async () => (await import('./fake-electron.ts')).fakeElectronModule());

const services = vi.hoisted(() => ({ start: null as unknown as (options: BootOptions) => Promise<StoppableHost> }));
vi.mock('../../../src-main/host/service-host.ts', () => ({
  // The shell's prepare step (a staged restore, then the key unwrapped) runs as the real host runs it.
  ServiceHost: { start: (options: BootOptions, prepare?: (o: BootOptions) => BootOptions) => services.start(prepare ? prepare(options) : options) },
}));

type FakeModule = typeof fakeModule;

function fakeHost(movedAsideTo: string | null = null) {
  return {
    movedAsideTo,
    call: vi.fn(async () => ({ ok: true as const, value: null })),
    stop: vi.fn(async () => {}),
  };
}

let electron: FakeModule;
let start: ReturnType<typeof vi.fn<(options: BootOptions) => Promise<StoppableHost>>>;
const savedEnv = { ...process.env };

const mainModule = fileURLToPath(new URL('../../../src-main/electron/main.ts', import.meta.url));
let launches = 0;

/** Runs main.ts afresh (it starts on import; a new query makes a new module) against fresh fakes. */
async function launch(configure: (e: FakeModule) => void = () => {}): Promise<void> {
  electron = fakeModule;
  electron.resetFake();
  configure(electron);
  launches += 1;
  await import(/* @vite-ignore */ `${mainModule}?launch=${launches}`);
}

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
  start = vi.fn(async () => fakeHost());
  services.start = start;
  delete process.env.ONEWINDOW_DATA_DIR;
  delete process.env.ONEWINDOW_RESOURCES;
  delete process.env.ELECTRON_RENDERER_URL;
});

afterEach(() => {
  process.env = { ...savedEnv };
  Reflect.deleteProperty(process, 'resourcesPath');
});

const windows = () => electron.FakeBrowserWindow.instances;

describe('launch', () => {
  it('names the app, enables the sandbox, takes the single-instance lock, starts services, opens one window', async () => {
    await launch();
    await vi.waitFor(() => expect(windows()).toHaveLength(1));
    const { app } = electron.fake;
    expect(app.setName).toHaveBeenCalledWith('OneWindow');
    expect(app.enableSandbox).toHaveBeenCalled();
    expect(app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(app.getPath).toHaveBeenCalledWith('userData');
    expect(app.setPath).not.toHaveBeenCalled();
    expect(start).toHaveBeenCalledWith(
      expect.objectContaining({ dataDir: '/fake/userData/OneWindow', appVersion: '9.9.9', dataKey: expect.objectContaining({ protection: 'os-keystore' }) }),
    );
    expect(process.env.ONEWINDOW_RESOURCES).toBeUndefined();
    const window = windows()[0]!;
    expect(window.loadFile).toHaveBeenCalledWith(expect.stringMatching(/[/\\]renderer[/\\]index\.html$/));
    expect(window.options.webPreferences.preload).toMatch(/[/\\]preload[/\\]preload\.cjs$/);
    expect(electron.fake.session.defaultSession.permissionRequestHandler).toBeTypeOf('function');
    expect(electron.fake.ipcMain.handlers.has(apiChannel)).toBe(true);
  });

  it('opens the 好差评 evaluator for the main window only, and closes it with the main window', async () => {
    await launch((e) => {
      e.fake.screen.displays = [e.fakeDisplay(1, 0), e.fakeDisplay(2, 1920)];
    });
    await vi.waitFor(() => expect(windows()).toHaveLength(1));
    const main = windows()[0]!;
    const open = electron.fake.ipcMain.handlers.get(evaluatorOpenChannel);
    const mainFrame = { url: `${pathToFileURL(String(main.loadFile.mock.calls[0]?.[0])).href}#/cases`, parent: null };
    const result = open?.({ senderFrame: mainFrame, sender: { id: main.webContents.id } }, { caseNumber: 'N1', matterName: '事项' }) as Promise<{ ok: boolean; reason?: string }>;
    expect(windows()).toHaveLength(2);
    const evaluator = windows()[1]!;
    expect(evaluator.options).toMatchObject({ x: 1920, kiosk: true, frame: false });
    main.close();
    expect(evaluator.isDestroyed()).toBe(true);
    await expect(result).resolves.toMatchObject({ ok: false, reason: 'cancelled' });
  });

  it('uses ONEWINDOW_DATA_DIR when set', async () => {
    process.env.ONEWINDOW_DATA_DIR = '/srv/onewindow-data';
    await launch();
    await vi.waitFor(() => expect(start).toHaveBeenCalledWith(expect.objectContaining({ dataDir: '/srv/onewindow-data' })));
    // set before the single-instance lock, which is taken per userData folder
    expect(electron.fake.app.setPath).toHaveBeenCalledWith('userData', '/srv/onewindow-data');
    expect(electron.fake.app.setPath.mock.invocationCallOrder[0]!).toBeLessThan(
      electron.fake.app.requestSingleInstanceLock.mock.invocationCallOrder[0]!,
    );
  });

  it('points ONEWINDOW_RESOURCES at the packaged resources folder', async () => {
    const resourcesPath = '/opt/OneWindow/resources';
    Object.defineProperty(process, 'resourcesPath', { value: resourcesPath, configurable: true });
    await launch((e) => {
      e.fake.app.isPackaged = true;
    });
    await vi.waitFor(() => expect(windows()).toHaveLength(1));
    expect(process.env.ONEWINDOW_RESOURCES).toMatch(/[/\\]opt[/\\]OneWindow[/\\]resources[/\\]resources$/);
  });

  it('a second instance quits at once and focuses the first', async () => {
    await launch((e) => e.fake.app.requestSingleInstanceLock.mockReturnValue(false));
    expect(electron.fake.app.quit).toHaveBeenCalled();
    expect(start).not.toHaveBeenCalled();
    expect(windows()).toHaveLength(0);

    await launch();
    await vi.waitFor(() => expect(windows()).toHaveLength(1));
    windows()[0]!.isMinimized.mockReturnValue(true);
    electron.fake.app.emit('second-instance');
    expect(windows()[0]!.restore).toHaveBeenCalled();
    expect(windows()[0]!.focus).toHaveBeenCalled();
  });

  it('hardens every webContents the app creates', async () => {
    await launch();
    const contents = new electron.FakeWebContents();
    electron.fake.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });
});

describe('quit', () => {
  it('quits when the window closes, stopping the service thread first', async () => {
    const host = fakeHost();
    start.mockResolvedValue(host);
    await launch();
    await vi.waitFor(() => expect(windows()).toHaveLength(1));
    const { app } = electron.fake;

    app.emit('window-all-closed');
    expect(app.quit).toHaveBeenCalledOnce();

    const event = electron.fakeEvent();
    app.emit('will-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(host.stop).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(2));

    const again = electron.fakeEvent();
    app.emit('will-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    expect(host.stop).toHaveBeenCalledOnce();
  });

  it('does not hang when the service thread never stops', async () => {
    vi.useFakeTimers();
    try {
      const host = fakeHost();
      host.stop.mockReturnValue(new Promise<void>(() => {}));
      start.mockResolvedValue(host);
      await launch();
      await vi.waitFor(() => expect(windows()).toHaveLength(1));
      electron.fake.app.emit('will-quit', electron.fakeEvent());
      await vi.advanceTimersByTimeAsync(5_000);
      expect(electron.fake.app.quit).toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('startup failures', () => {
  const corrupt = () => new AppError('STORE_CORRUPT', '数据库文件已损坏，无法打开。');

  it('an unreadable database offers to keep the old file and start fresh', async () => {
    start.mockRejectedValueOnce(corrupt()).mockResolvedValueOnce(fakeHost('/data/onewindow.db.corrupt-1'));
    await launch((e) => e.fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false }));
    await vi.waitFor(() => expect(windows()).toHaveLength(1));
    const [first] = electron.fake.dialog.showMessageBox.mock.calls[0]!;
    expect(first).toMatchObject({ message: '数据库文件已损坏，无法打开。', buttons: ['另存旧文件并重新开始', '退出'] });
    expect(start).toHaveBeenCalledTimes(2);
    expect(start.mock.calls[1]![0]).toMatchObject({ startFresh: true });
    // and says where the old file went
    const [second] = electron.fake.dialog.showMessageBox.mock.calls[1]!;
    expect(String(second.detail)).toContain('/data/onewindow.db.corrupt-1');
  });

  it('choosing 退出 quits without a window', async () => {
    start.mockRejectedValueOnce(corrupt());
    await launch((e) => e.fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false }));
    await vi.waitFor(() => expect(electron.fake.app.quit).toHaveBeenCalled());
    expect(start).toHaveBeenCalledOnce();
    expect(windows()).toHaveLength(0);
  });

  it('if starting fresh fails too, says so and quits', async () => {
    start.mockRejectedValueOnce(corrupt()).mockRejectedValueOnce(new AppError('STORE_NOT_WRITABLE', '数据目录不可写。'));
    await launch((e) => e.fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false }));
    await vi.waitFor(() => expect(electron.fake.app.quit).toHaveBeenCalled());
    expect(electron.fake.dialog.showErrorBox).toHaveBeenCalledWith('一窗通无法启动', '数据目录不可写。');
    expect(windows()).toHaveLength(0);
  });

  it('asks only once: an unreadable database after starting fresh is reported, not asked about again', async () => {
    start.mockRejectedValue(corrupt());
    await launch((e) => e.fake.dialog.showMessageBox.mockResolvedValue({ response: 0, checkboxChecked: false }));
    await vi.waitFor(() => expect(electron.fake.app.quit).toHaveBeenCalled());
    expect(start).toHaveBeenCalledTimes(2);
    expect(electron.fake.dialog.showMessageBox).toHaveBeenCalledOnce();
    expect(electron.fake.dialog.showErrorBox).toHaveBeenCalledWith('一窗通无法启动', '数据库文件已损坏，无法打开。');
  });

  it.each([
    ['STORE_TOO_NEW', new AppError('STORE_TOO_NEW', '数据库由较新版本创建，请升级一窗通。'), '数据库由较新版本创建，请升级一窗通。'],
    ['STORE_NOT_WRITABLE', new AppError('STORE_NOT_WRITABLE', '数据目录不可写。'), '数据目录不可写。'],
    ['an unexpected error', new Error('boom'), '启动失败：Error: boom'],
  ])('%s shows the message and quits', async (_what, error, message) => {
    start.mockRejectedValueOnce(error);
    await launch();
    await vi.waitFor(() => expect(electron.fake.app.quit).toHaveBeenCalled());
    expect(electron.fake.dialog.showErrorBox).toHaveBeenCalledWith('一窗通无法启动', message);
    expect(electron.fake.dialog.showMessageBox).not.toHaveBeenCalled();
    expect(windows()).toHaveLength(0);
  });
});
