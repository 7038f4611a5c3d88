import { pathToFileURL } from 'node:url';
import type { IpcMain } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallResult } from '../../../src-main/domain/api/call-result.ts';
import { apiChannel } from '../../../src-main/electron/bridge.ts';
import { fake, resetFake } from './fake-electron.ts';

vi.mock('electron', async () => (await import('./fake-electron.ts')).fakeElectronModule());

const { registerApiChannel } = await import('../../../src-main/electron/ipc.ts');

const appUrl = pathToFileURL('/opt/onewindow/out/renderer/index.html').href;
const windowId = 7;
const mainFrame = { url: `${appUrl}#/login`, parent: null };

/** A fake ServiceHost: the adapter's unit test stops at that boundary. */
function fakeHost() {
  return { call: vi.fn(async (name: string, _input: unknown, _token: string | null): Promise<CallResult> => ({ ok: true, value: { echoed: name } })) };
}

let host: ReturnType<typeof fakeHost>;
let hostReady: boolean;

function invoke(request: unknown, event: { senderFrame: unknown; sender: { id: number } } = { senderFrame: mainFrame, sender: { id: windowId } }) {
  const handler = fake.ipcMain.handlers.get(apiChannel);
  if (!handler) throw new Error('no handler on the API channel');
  return handler(event, request) as Promise<CallResult>;
}

beforeEach(() => {
  resetFake();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  host = fakeHost();
  hostReady = true;
  registerApiChannel(fake.ipcMain as unknown as IpcMain, {
    host: () => (hostReady ? host : null),
    appUrl,
    windowContentsId: () => windowId,
  });
});

const loginRequest = { name: 'session/login', input: { username: 'clerk', password: 'x' }, token: null };

describe('the API channel', () => {
  it('is one handler on the one channel', () => {
    expect(fake.ipcMain.handle).toHaveBeenCalledOnce();
    expect(fake.ipcMain.handle).toHaveBeenCalledWith(apiChannel, expect.any(Function));
  });

  it('forwards a trusted request to the host unchanged and returns its result', async () => {
    const result = await invoke({ name: 'system/status', input: {}, token: 'tok-1' });
    expect(result).toEqual({ ok: true, value: { echoed: 'system/status' } });
    expect(host.call).toHaveBeenCalledWith('system/status', {}, 'tok-1');
    await invoke(loginRequest);
    expect(host.call).toHaveBeenLastCalledWith('session/login', loginRequest.input, null);
  });

  it('returns the host’s refusals as they are', async () => {
    const refusal: CallResult = { ok: false, error: { code: 'UNAUTHENTICATED', message: '尚未登录' } };
    host.call.mockResolvedValueOnce(refusal);
    expect(await invoke({ name: 'system/status', input: {}, token: null })).toEqual(refusal);
  });
});

describe('untrusted senders are refused with FORBIDDEN and never reach the host', () => {
  it.each([
    ['another website', { url: 'https://evil.example/', parent: null }, windowId],
    ['another local file', { url: pathToFileURL('/tmp/index.html').href, parent: null }, windowId],
    ['a subframe of our page', { url: appUrl, parent: mainFrame }, windowId],
    ['a frame that is gone', null, windowId],
    ['our page in another webContents', mainFrame, windowId + 1],
  ])('%s', async (_what, senderFrame, senderId) => {
    const result = await invoke(loginRequest, { senderFrame, sender: { id: senderId } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('FORBIDDEN');
    expect(result.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(host.call).not.toHaveBeenCalled();
  });
});

describe('malformed requests are refused with VALIDATION', () => {
  it.each([
    ['not an object', 'session/login', 'request'],
    ['null', null, 'request'],
    ['an array', ['session/login', {}, null], 'request'],
    ['no name', { input: {}, token: null }, 'name'],
    ['a numeric name', { name: 42, input: {}, token: null }, 'name'],
    ['an empty name', { name: '', input: {}, token: null }, 'name'],
    ['a token that is a number', { name: 'system/info', input: {}, token: 123 }, 'token'],
    ['a missing token', { name: 'system/info', input: {} }, 'token'],
  ])('%s', async (_what, request, field) => {
    const result = await invoke(request);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', field } });
    expect(host.call).not.toHaveBeenCalled();
  });

  it('an operation that is not in the API table is UNKNOWN_OPERATION', async () => {
    const result = await invoke({ name: 'fs/readFile', input: {}, token: null });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } });
    expect(host.call).not.toHaveBeenCalled();
  });
});

describe('service failures are answered, not thrown', () => {
  it('services not started yet', async () => {
    hostReady = false;
    expect(await invoke(loginRequest)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('the host call rejects', async () => {
    host.call.mockRejectedValueOnce(new Error('worker gone'));
    expect(await invoke(loginRequest)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
