import type { OperationInput, OperationName, OperationOutput } from '@domain/api/contract.ts';
import { AppError } from '@domain/errors.ts';
import { call } from './client.ts';

/** Decides what an UNAUTHENTICATED answer means; returns true when it ended the session. */
export type SessionExpiredHandler = (error: AppError) => boolean;

let expiredHandler: SessionExpiredHandler | null = null;
let lockedHandler: (() => void) | null = null;
// Errors already dealt with by the expiry handler: callers should not report them a second time.
const handled = new WeakSet<object>();

export function onSessionExpired(handler: SessionExpiredHandler | null): void {
  expiredHandler = handler;
}

/** Called when main answers LOCKED (the session went idle): the window shows its lock screen. */
export function onSessionLocked(handler: (() => void) | null): void {
  lockedHandler = handler;
}

export function wasHandled(error: unknown): boolean {
  return typeof error === 'object' && error !== null && handled.has(error);
}

/**
 * A wrong password (login, unlock, the current password when changing it) is UNAUTHENTICATED
 * too, but names the field it belongs to; a session that is gone names none.
 */
function isWrongPassword(name: OperationName, error: AppError): boolean {
  return name === 'session/login' || error.field !== undefined;
}

/**
 * Every view calls main through here rather than `call()` directly, so that an expired session
 * or a session locked by main is noticed wherever it surfaces.
 */
export async function request<K extends OperationName>(name: K, input: OperationInput<K>): Promise<OperationOutput<K>> {
  try {
    return await call(name, input);
  } catch (error) {
    if (error instanceof AppError && error.code === 'UNAUTHENTICATED' && !isWrongPassword(name, error) && expiredHandler?.(error)) {
      handled.add(error);
    } else if (error instanceof AppError && error.code === 'LOCKED' && lockedHandler) {
      // The lock screen says it; the view that called keeps its state for after the unlock.
      lockedHandler();
      handled.add(error);
    }
    throw error;
  }
}
