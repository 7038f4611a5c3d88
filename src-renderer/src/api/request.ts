import type { OperationInput, OperationName, OperationOutput } from '@domain/api/contract.ts';
import { AppError } from '@domain/errors.ts';
import { call } from './client.ts';

/** Decides what an UNAUTHENTICATED answer means; returns true when it ended the session. */
export type SessionExpiredHandler = (error: AppError) => boolean;

let expiredHandler: SessionExpiredHandler | null = null;
// Errors already dealt with by the expiry handler: callers should not report them a second time.
const handled = new WeakSet<object>();

export function onSessionExpired(handler: SessionExpiredHandler | null): void {
  expiredHandler = handler;
}

export function wasHandled(error: unknown): boolean {
  return typeof error === 'object' && error !== null && handled.has(error);
}

/**
 * Every view calls main through here rather than `call()` directly, so that an expired session
 * is noticed wherever it surfaces. A failed login is also UNAUTHENTICATED ("wrong password"),
 * which is why session/login never counts as an expiry.
 */
export async function request<K extends OperationName>(name: K, input: OperationInput<K>): Promise<OperationOutput<K>> {
  try {
    return await call(name, input);
  } catch (error) {
    if (error instanceof AppError && error.code === 'UNAUTHENTICATED' && name !== 'session/login' && expiredHandler?.(error)) {
      handled.add(error);
    }
    throw error;
  }
}
