import type { OperationInput, OperationName, OperationOutput } from '@domain/api/contract.ts';
import type { CallResult } from '@domain/api/call-result.ts';
import { AppError, isErrorPayload } from '@domain/errors.ts';

interface Bridge {
  invoke(name: string, input: unknown, token: string | null): Promise<CallResult>;
}

declare global {
  interface Window {
    /** Present in the Electron app (exposed by the preload); absent in browser mode. */
    onewindow?: Bridge;
  }
}

const launchKey = 'onewindow.launch';
let sessionToken: string | null = null;

export function setSessionToken(token: string | null): void {
  sessionToken = token;
}

/**
 * Browser mode's per-launch token arrives once in the URL (?launch=…). It is kept for this tab
 * only and removed from the address bar so it is not bookmarked or shared by accident.
 */
export function captureLaunchToken(location: Location = window.location, history: History = window.history): void {
  const url = new URL(location.href);
  const token = url.searchParams.get('launch');
  if (!token) return;
  sessionStorage.setItem(launchKey, token);
  url.searchParams.delete('launch');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}

async function httpTransport(name: string, input: unknown, token: string | null): Promise<CallResult> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-onewindow-launch': sessionStorage.getItem(launchKey) ?? '',
  };
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(`/api/${name}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
  } catch (error) {
    return { ok: false, error: { code: 'INTERNAL', message: `无法连接本机服务：${String(error)}。请确认一窗通仍在运行。` } };
  }
  const body: unknown = await response.json().catch(() => null);
  if (body && typeof body === 'object' && 'ok' in body) return body as CallResult;
  return { ok: false, error: { code: 'INTERNAL', message: `本机服务返回了无法识别的应答（HTTP ${response.status}）。` } };
}

/**
 * The renderer's one way to reach main: typed by the API table, so an operation name, its input
 * and its result are all checked at compile time. Errors are thrown as AppError (code, Chinese
 * message, field).
 */
export async function call<K extends OperationName>(name: K, input: OperationInput<K>): Promise<OperationOutput<K>> {
  const transport = window.onewindow ? window.onewindow.invoke.bind(window.onewindow) : httpTransport;
  const result = await transport(name, input, sessionToken);
  if (result.ok) return result.value as OperationOutput<K>;
  const error = isErrorPayload(result.error) ? result.error : { code: 'INTERNAL' as const, message: '未知错误' };
  throw new AppError(error.code, error.message, { field: error.field, details: error.details });
}
