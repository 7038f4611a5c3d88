import { pathToFileURL } from 'node:url';
import type { Session, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, FakeSession, FakeWebContents, fake, fakeEvent, resetFake } from './fake-electron.ts';

vi.mock('electron', async () => (await import('./fake-electron.ts')).fakeElectronModule());

const { hardenContents, hardenSession, isAppUrl, isTrustedSender, isVideoOnly } = await import(
  '../../../src-main/electron/security.ts'
);
const { createMainWindow, rendererTarget } = await import('../../../src-main/electron/window.ts');

const appPath = '/opt/onewindow/out/renderer/index.html';
const appUrl = pathToFileURL(appPath).href;

beforeEach(() => {
  resetFake();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

function hardened(): FakeWebContents {
  const contents = new FakeWebContents();
  hardenContents(contents as unknown as WebContents, appUrl);
  return contents;
}

describe('the main window', () => {
  it('is created with the hardened webPreferences, our preload and the window geometry', () => {
    createMainWindow(rendererTarget('/opt/onewindow/out', {}, true), '/opt/onewindow/out/preload/preload.cjs');
    const [window] = FakeBrowserWindow.instances;
    const prefs = window!.options.webPreferences;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.preload).toBe('/opt/onewindow/out/preload/preload.cjs');
    expect(window!.options).toMatchObject({ width: 1280, height: 800, minWidth: 1024, minHeight: 700, show: false, title: '一窗通' });
    expect(window!.options.backgroundColor).toEqual(expect.any(String));
  });

  it('loads the built page with loadFile and shows only when ready', () => {
    const window = createMainWindow(rendererTarget('/opt/onewindow/out', {}, true), '/p.cjs') as unknown as FakeBrowserWindow;
    expect(window.loadFile).toHaveBeenCalledWith(appPath);
    expect(window.loadURL).not.toHaveBeenCalled();
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledOnce();
  });

  it('loads the dev server in development, but never when packaged', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };
    expect(rendererTarget('/o', env, false)).toEqual({ kind: 'url', url: 'http://localhost:5173', appUrl: 'http://localhost:5173' });
    expect(rendererTarget('/o', env, true).kind).toBe('file');
    const window = createMainWindow(rendererTarget('/o', env, false), '/p.cjs') as unknown as FakeBrowserWindow;
    expect(window.loadURL).toHaveBeenCalledWith('http://localhost:5173');
  });

  it('hardens the window’s own webContents', () => {
    const window = createMainWindow(rendererTarget('/opt/onewindow/out', {}, true), '/p.cjs') as unknown as FakeBrowserWindow;
    const event = fakeEvent({ url: 'https://evil.example/' });
    window.webContents.emit('will-navigate', event, 'https://evil.example/');
    expect(event.preventDefault).toHaveBeenCalled();
    expect(window.webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });
});

describe('navigation', () => {
  it.each([
    ['another website', 'https://example.com/'],
    ['another local file', pathToFileURL('/etc/passwd').href],
    ['a local http server', 'http://127.0.0.1:8080/'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['javascript:', 'javascript:alert(1)'],
  ])('to %s is prevented (will-navigate and will-redirect)', (_what, url) => {
    const contents = hardened();
    for (const name of ['will-navigate', 'will-redirect']) {
      const event = fakeEvent({ url });
      contents.emit(name, event, url);
      expect(event.preventDefault, name).toHaveBeenCalledOnce();
    }
  });

  it('within our own page (another route) is allowed', () => {
    const contents = hardened();
    const url = `${appUrl}#/cases`;
    const event = fakeEvent({ url });
    contents.emit('will-navigate', event, url);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it('falls back to the legacy url argument when the event has none', () => {
    const contents = hardened();
    const event = fakeEvent();
    contents.emit('will-navigate', event, 'https://example.com/');
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('on the dev server, the same origin is ours and another port is not', () => {
    expect(isAppUrl('http://localhost:5173/#/login', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });

  it('refuses <webview>', () => {
    const contents = hardened();
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('window.open', () => {
  it('is denied, and no external link is opened while the allow-list is empty', () => {
    const contents = hardened();
    for (const url of ['https://www.gov.cn/', `${appUrl}#/x`, 'file:///etc/passwd', 'mailto:a@b.cn']) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(fake.shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('permissions', () => {
  function session(): FakeSession {
    const s = new FakeSession();
    hardenSession(s as unknown as Session, appUrl);
    return s;
  }
  function request(s: FakeSession, permission: string, details: Record<string, unknown>): boolean {
    let granted: boolean | undefined;
    const callback = (value: boolean) => {
      granted = value;
    };
    (s.permissionRequestHandler as unknown as (...args: unknown[]) => void)({}, permission, callback, details);
    if (granted === undefined) throw new Error('callback not called');
    return granted;
  }
  function check(s: FakeSession, permission: string, details: Record<string, unknown>): boolean {
    return (s.permissionCheckHandler as unknown as (...args: unknown[]) => boolean)({}, permission, 'file://', details);
  }
  const ours = { requestingUrl: appUrl, isMainFrame: true };

  it.each(['geolocation', 'notifications', 'clipboard-read', 'display-capture', 'openExternal', 'hid', 'usb', 'serial', 'midiSysex'])(
    'denies %s',
    (permission) => {
      const s = session();
      expect(request(s, permission, ours)).toBe(false);
      expect(check(s, permission, ours)).toBe(false);
    },
  );

  it('denies media with audio (microphone), alone or with video', () => {
    const s = session();
    expect(request(s, 'media', { ...ours, mediaTypes: ['audio'] })).toBe(false);
    expect(request(s, 'media', { ...ours, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(request(s, 'media', { ...ours, mediaTypes: [] })).toBe(false);
    expect(request(s, 'media', ours)).toBe(false);
    expect(check(s, 'media', { ...ours, mediaType: 'audio' })).toBe(false);
    expect(check(s, 'media', { ...ours, mediaType: 'unknown' })).toBe(false);
  });

  it('allows video-only media (the document camera) for our page', () => {
    const s = session();
    expect(request(s, 'media', { ...ours, mediaTypes: ['video'] })).toBe(true);
    expect(check(s, 'media', { ...ours, mediaType: 'video' })).toBe(true);
  });

  it('denies even the camera to any other page', () => {
    const s = session();
    const other = { requestingUrl: 'https://example.com/', isMainFrame: true };
    expect(request(s, 'media', { ...other, mediaTypes: ['video'] })).toBe(false);
    expect(check(s, 'media', { ...other, mediaType: 'video' })).toBe(false);
    expect(check(s, 'media', { isMainFrame: true, mediaType: 'video' })).toBe(false);
  });

  it('denies USB/HID/serial device grants', () => {
    const s = session();
    expect((s.devicePermissionHandler as unknown as () => boolean)()).toBe(false);
  });

  it('isVideoOnly', () => {
    expect(isVideoOnly(['video'])).toBe(true);
    expect(isVideoOnly(['video', 'video'])).toBe(true);
    expect(isVideoOnly(['audio'])).toBe(false);
    expect(isVideoOnly([])).toBe(false);
    expect(isVideoOnly(undefined)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('accepts our main frame on our page, with any route', () => {
    expect(isTrustedSender({ url: appUrl, parent: null }, appUrl)).toBe(true);
    expect(isTrustedSender({ url: `${appUrl}#/login`, parent: null }, appUrl)).toBe(true);
  });

  it('accepts a percent-encoded path (e.g. a Chinese user folder) either way', () => {
    const chinese = pathToFileURL('/home/张三/一窗通/out/renderer/index.html').href;
    expect(isTrustedSender({ url: decodeURI(chinese), parent: null }, chinese)).toBe(true);
  });

  it('rejects another URL, a subframe, and a frame that is gone', () => {
    const main = { url: appUrl, parent: null };
    expect(isTrustedSender({ url: 'https://example.com/', parent: null }, appUrl)).toBe(false);
    expect(isTrustedSender({ url: pathToFileURL('/tmp/index.html').href, parent: null }, appUrl)).toBe(false);
    expect(isTrustedSender({ url: appUrl, parent: main }, appUrl)).toBe(false);
    expect(isTrustedSender(null, appUrl)).toBe(false);
    expect(isTrustedSender({ url: '', parent: null }, appUrl)).toBe(false);
    expect(isTrustedSender({ url: 'not a url', parent: null }, appUrl)).toBe(false);
  });
});
