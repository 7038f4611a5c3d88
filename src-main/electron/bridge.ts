import type { CallResult } from '../domain/api/call-result.ts';

/** The one function the preload exposes to the renderer as `window.onewindow`. */
export interface OneWindowBridge {
  invoke(name: string, input: unknown, token: string | null): Promise<CallResult>;
}

/** The single IPC channel; operation names travel inside it, checked against the API table. */
export const apiChannel = 'onewindow:api';
