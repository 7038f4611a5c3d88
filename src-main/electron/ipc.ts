/**
 * The IPC adapter: one channel carries every operation of the API table. The sender is checked
 * (our window's main frame showing our page), the request shape is checked, and the call goes to
 * the service thread, whose dispatcher checks the input, the session and the role.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { CallResult } from '../domain/api/call-result.ts';
import { isOperationName } from '../domain/api/contract.ts';
import { apiChannel } from './bridge.ts';
import { isTrustedSender } from './security.ts';

/** The ServiceHost as the adapter sees it. */
export interface ApiHost {
  call(name: string, input: unknown, token: string | null): Promise<CallResult>;
}

export interface ApiChannelOptions {
  /** Null while services are (re)starting: calls are then answered with INTERNAL. */
  host: () => ApiHost | null;
  /** The page the window loads: file:// of out/renderer/index.html, or the dev server URL. */
  appUrl: string;
  /** Our window's webContents id; a message from any other webContents is refused. */
  windowContentsId: () => number | null;
}

export interface ApiRequest {
  name: string;
  input: unknown;
  token: string | null;
}

type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender: { id: number } };

const forbidden: CallResult = {
  ok: false,
  error: { code: 'FORBIDDEN', message: '拒绝请求：该请求不是来自一窗通主窗口。' },
};

export function parseApiRequest(request: unknown): { ok: true; request: ApiRequest } | { ok: false; result: CallResult } {
  const refuse = (field: string, what: string) => ({
    ok: false as const,
    result: { ok: false as const, error: { code: 'VALIDATION' as const, message: `请求格式无效：${what}。`, field } },
  });
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return refuse('request', '应为 { name, input, token } 对象');
  const { name, input, token } = request as Record<string, unknown>;
  if (typeof name !== 'string' || name.length === 0 || name.length > 128) return refuse('name', '操作名应为非空字符串');
  if (token !== null && typeof token !== 'string') return refuse('token', '会话令牌应为字符串或 null');
  return { ok: true, request: { name, input, token } };
}

/** Answers one invoke; exported so the tests can call it with fake events. */
export async function handleApiRequest(event: SenderEvent, request: unknown, options: ApiChannelOptions): Promise<CallResult> {
  const ownId = options.windowContentsId();
  if (ownId === null || event.sender.id !== ownId || !isTrustedSender(event.senderFrame, options.appUrl)) {
    console.warn(`[security] refused IPC from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
    return forbidden;
  }
  const parsed = parseApiRequest(request);
  if (!parsed.ok) return parsed.result;
  const { name, input, token } = parsed.request;
  if (!isOperationName(name)) {
    return { ok: false, error: { code: 'UNKNOWN_OPERATION', message: `没有名为“${name}”的操作。` } };
  }
  const host = options.host();
  if (!host) return { ok: false, error: { code: 'INTERNAL', message: '本机服务尚未就绪，请稍候重试。' } };
  try {
    return await host.call(name, input, token);
  } catch (error) {
    return { ok: false, error: { code: 'INTERNAL', message: `本机服务调用失败：${String(error)}。请重试；如反复出现请重启程序。` } };
  }
}

/** Registers the single API channel; returns a function that removes it. */
export function registerApiChannel(ipcMain: IpcMain, options: ApiChannelOptions): () => void {
  ipcMain.handle(apiChannel, (event, request: unknown) => handleApiRequest(event, request, options));
  return () => ipcMain.removeHandler(apiChannel);
}
