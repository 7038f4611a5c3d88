import type { CallResult } from '../api/dispatcher.ts';
import type { ErrorPayload } from '../domain/errors.ts';

export type WorkerRequest =
  | { type: 'call'; id: number; name: string; input: unknown; token: string | null }
  | { type: 'stop' };

export type WorkerReply =
  | { type: 'ready'; movedAsideTo: string | null }
  | { type: 'boot-error'; error: ErrorPayload }
  | { type: 'result'; id: number; result: CallResult }
  | { type: 'stopped' };
