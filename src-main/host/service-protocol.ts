import type { CallResult } from '../domain/api/call-result.ts';
import type { ErrorPayload } from '../domain/errors.ts';

export type WorkerRequest =
  | { type: 'call'; id: number; name: string; input: unknown; token: string | null }
  | { type: 'stop' };

/** What the Electron shell needs of the configuration, read once at start (services/site/shell-settings.ts). */
export interface ShellSettings {
  kiosk: boolean;
  printer: string | null;
  updateUrl: string | null;
}

export type WorkerReply =
  | { type: 'ready'; movedAsideTo: string | null; shell: ShellSettings }
  | { type: 'boot-error'; error: ErrorPayload }
  | { type: 'result'; id: number; result: CallResult }
  | { type: 'stopped' };
