/**
 * The one error shape every layer speaks. A handler, the store or a domain rule throws an
 * `AppError`; the API adapters (IPC, HTTP, CLI) turn it into `{ code, message, field }`.
 * `message` is Chinese, written for the person at the window: what is wrong and what to do.
 */
export type ErrorCode =
  | 'VALIDATION' // the input is malformed; `field` names the offending path
  | 'UNAUTHENTICATED' // no session, or it expired
  | 'LOCKED' // the session is locked (idle or by hand): re-enter the password to go on
  | 'FORBIDDEN' // the role may not do this
  | 'NOT_FOUND'
  | 'CONFLICT' // the record changed or the action does not fit its state
  | 'UNKNOWN_OPERATION'
  | 'STORE_CORRUPT'
  | 'STORE_TOO_NEW'
  | 'STORE_NOT_WRITABLE'
  | 'EXPORT_FAILED' // an export file could not be written (folder missing, no permission, disk full)
  | 'SERVICE_UNAVAILABLE' // the service thread stopped: answered at once, never left waiting
  | 'UNAVAILABLE' // the central platform cannot be reached or answered nonsense: the app keeps everything and retries
  | 'SITE_INVALID' // the site file (site.json) has errors: `details.problems` lists each with where it is
  | 'INTERNAL';

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  field?: string;
  details?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { field?: string; details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.field = options.field;
    this.details = options.details;
  }

  toPayload(): ErrorPayload {
    const payload: ErrorPayload = { code: this.code, message: this.message };
    if (this.field !== undefined) payload.field = this.field;
    if (this.details !== undefined) payload.details = this.details;
    return payload;
  }
}

export function isErrorPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorPayload).code === 'string' &&
    typeof (value as ErrorPayload).message === 'string'
  );
}
