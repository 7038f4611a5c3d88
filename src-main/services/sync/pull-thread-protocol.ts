/**
 * Messages between the sync engine's thread and its pull thread (pull-thread.ts): a request to
 * send, an abort of one, and each request's answer or error. The answer's body crosses as the
 * object the pull thread parsed (structured clone), not as text to parse again.
 */
import type { ErrorCode } from '../../domain/errors.ts';
import type { HttpAnswer, HttpMethod } from './transport.ts';

export type PullThreadRequest =
  | { type: 'send'; id: number; base: string; method: HttpMethod; path: string; headers: Record<string, string>; body: unknown }
  | { type: 'abort'; id: number };

/** An error as the transport threw it: an AppError keeps its code, any other error its name and code (an AbortError stays one). */
export interface CrossingError {
  name: string;
  message: string;
  appCode: ErrorCode | null;
  code: string | null;
}

export type PullThreadReply =
  | { type: 'answer'; id: number; answer: Omit<HttpAnswer, 'bytes'> & { bytes: Uint8Array } }
  | { type: 'error'; id: number; error: CrossingError };
