import type { ErrorPayload } from '../errors.ts';

/**
 * What every call of the API answers, whichever way it travelled (service thread, IPC, HTTP):
 * the operation's value, or the refusal with its Chinese message. Main and the renderer share it.
 */
export type CallResult = { ok: true; value: unknown } | { ok: false; error: ErrorPayload };
