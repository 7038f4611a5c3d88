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
  /** The sync engine began or finished sending this PC's outbox (its own background cycles included). */
  | { type: 'sync-pushing'; pushing: boolean }
  /** A restore was staged: the thread wants to be replaced by one that opens the data folder anew. */
  | { type: 'restart-requested' }
  | { type: 'stopped' };
