/**
 * The 好差评 evaluator window, with 'electron' faked: where it opens, how it is fenced, who may
 * talk to it, and that the rating reaches the main window and the evaluator then closes.
 */
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { evaluatorContextChannel, evaluatorOpenChannel, evaluatorSubmitChannel, type EvaluatorResult } from '../../../src-main/electron/evaluator-bridge.ts';
import { createMainWindow } from '../../../src-main/electron/window.ts';
import { FakeBrowserWindow, fake, fakeDisplay, resetFake } from './fake-electron.ts';

vi.mock('electron', async () => (await import('./fake-electron.ts')).fakeElectronModule());

const { EvaluatorWindows, registerEvaluatorChannels } = await import('../../../src-main/electron/evaluator.ts');

const rendererPath = '/opt/onewindow/out/renderer/index.html';
const appUrl = pathToFileURL(rendererPath).href;
// The clerk's window is not a fake BrowserWindow here; its id must not be one the fakes hand out.
const mainId = 10_000;
const mainFrame = { url: `${appUrl}#/cases`, parent: null };
const subject = { caseNumber: '21021120261126W01000019', matterName: '食品经营许可' };

function channel(name: string) {
  const handler = fake.ipcMain.handlers.get(name);
  if (!handler) throw new Error(`no handler on ${name}`);
  return handler;
}
const fromMain = { senderFrame: mainFrame, sender: { id: mainId } };
const open = (event: unknown = fromMain, input: unknown = subject) => channel(evaluatorOpenChannel)(event, input) as Promise<EvaluatorResult>;
function evaluatorWindow(): FakeBrowserWindow {
  const window = FakeBrowserWindow.instances.at(-1);
  if (!window) throw new Error('no evaluator window');
  return window;
}
const fromEvaluator = (window = evaluatorWindow()) => ({ senderFrame: { url: `${appUrl}#/evaluator`, parent: null }, sender: { id: window.webContents.id } });

beforeEach(() => {
  resetFake();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  registerEvaluatorChannels(
    fake.ipcMain,
    new EvaluatorWindows({ target: { kind: 'file', path: rendererPath, appUrl }, preloadPath: '/opt/preload.cjs', mainContentsId: () => mainId, screen: fake.screen as never }),
  );
});

describe('the 好差评 evaluator window', () => {
  it('opens full screen, frameless and kiosk-like on the secondary display, with the hardened preferences, showing only the rating page', () => {
    fake.screen.displays = [fakeDisplay(1, 0), fakeDisplay(2, 1920)];
    void open();
    const window = evaluatorWindow();
    expect(window.options).toMatchObject({ x: 1920, y: 0, width: 1920, height: 1080, frame: false, fullscreen: true, kiosk: true, alwaysOnTop: true, show: false });
    const main = createMainWindow({ kind: 'file', path: rendererPath, appUrl }, '/opt/preload.cjs') as unknown as FakeBrowserWindow;
    expect(window.options.webPreferences).toEqual(main.options.webPreferences);
    expect(window.loadFile).toHaveBeenCalledWith(rendererPath, { hash: '/evaluator' });
    // Fenced like the main window: no pop-ups.
    expect(window.webContents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('with one display, opens as a frameless window on top, centred, not covering the clerk’s screen', () => {
    void open();
    const options = evaluatorWindow().options;
    expect(options).toMatchObject({ frame: false, alwaysOnTop: true, width: 760, height: 640, x: 580, y: 200 });
    expect(options.kiosk).toBeUndefined();
  });

  it('gives the case to the evaluator, hands the rating to the main window and closes after submit', async () => {
    const result = open();
    const window = evaluatorWindow();
    expect(channel(evaluatorContextChannel)(fromEvaluator(window))).toEqual(subject);
    const rating = { level: 2, indicators: { efficiency: 2, competence: 3, attitude: 2 }, comment: '等候时间太长' };
    expect(channel(evaluatorSubmitChannel)(fromEvaluator(window), rating)).toEqual({ ok: true, rating });
    await expect(result).resolves.toEqual({ ok: true, rating });
    expect(window.close).toHaveBeenCalled();
    expect(window.isDestroyed()).toBe(true);
  });

  it('refuses a malformed rating and stays open for the applicant to correct it', async () => {
    void open();
    const window = evaluatorWindow();
    for (const bad of [{ level: 0 }, { level: 6 }, { level: 3, indicators: { efficiency: 3 } }, { level: 3, comment: 'x'.repeat(501) }, { level: 3, extra: 1 }, null]) {
      expect(channel(evaluatorSubmitChannel)(fromEvaluator(window), bad)).toMatchObject({ ok: false, reason: 'invalid', message: expect.stringContaining('评价内容无效') });
    }
    expect(window.close).not.toHaveBeenCalled();
  });

  it('answers the main window "cancelled" when the evaluator is closed without a rating', async () => {
    const result = open();
    evaluatorWindow().close();
    await expect(result).resolves.toMatchObject({ ok: false, reason: 'cancelled' });
  });

  it('only the main window opens it, only the evaluator submits, and only one at a time', async () => {
    await expect(open({ senderFrame: mainFrame, sender: { id: 99 } })).resolves.toMatchObject({ reason: 'forbidden' });
    await expect(open({ senderFrame: { url: 'https://evil.example/', parent: null }, sender: { id: mainId } })).resolves.toMatchObject({ reason: 'forbidden' });
    await expect(open(fromMain, { caseNumber: 1 })).resolves.toMatchObject({ reason: 'invalid' });
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    const pending = open();
    const window = evaluatorWindow();
    await expect(open()).resolves.toMatchObject({ reason: 'busy' });
    expect(window.focus).toHaveBeenCalled();
    // The main window cannot rate in the applicant's place, nor a subframe of the evaluator.
    expect(channel(evaluatorSubmitChannel)(fromMain, { level: 5 })).toMatchObject({ reason: 'forbidden' });
    expect(channel(evaluatorSubmitChannel)({ senderFrame: { url: `${appUrl}#/evaluator`, parent: {} }, sender: { id: window.webContents.id } }, { level: 5 })).toMatchObject({ reason: 'forbidden' });
    expect(channel(evaluatorContextChannel)(fromMain)).toBeNull();
    window.close();
    await expect(pending).resolves.toMatchObject({ reason: 'cancelled' });
  });
});
