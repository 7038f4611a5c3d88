/**
 * Every refusal the gateway makes has one body: `{ "error": { code, message, retryAfterSeconds?,
 * field?, details? } }`. `code` is for the app's logic, `message` is Chinese for the person at
 * the window (what happened and what to do). 429 and 503 also carry the standard `Retry-After`
 * header (seconds); the body repeats it so a client that lost the headers still knows.
 */
import { z } from 'zod';

export const syncErrorCodes = [
  'PROTOCOL_UNSUPPORTED', // 426: the request's protocol version is not answered; upgrade the app (or the gateway)
  'VALIDATION', // 400: the request body is malformed; `field` names where
  'UNAUTHENTICATED', // 401: no token, an unknown token or an expired one: renew with the device secret
  'DEVICE_REVOKED', // 403: the device was revoked by an administrator: register again with a new code
  'FORBIDDEN', // 403: the device may not do this (an attachment outside its centre's cases, an admin call without an admin)
  'REGISTRATION_CODE_INVALID', // 400: no such registration code (mistyped?)
  'REGISTRATION_CODE_USED', // 409: the code was already used by another device
  'REGISTRATION_CODE_EXPIRED', // 410: the code's time ran out; ask the centre's admin for a new one
  'CENTRE_MISMATCH', // 409: the code is another centre's than the one whose real cases the PC holds; the code stays unused
  'REGISTRATION_CODE_RETURNED', // 409: the installation that used the code could not store its answer (it became bound to another centre meanwhile): the code is unused again
  'EPOCH_CHANGED', // 409: a pull cursor from another epoch (the gateway was restored): start again from `null`
  'NOT_FOUND', // 404
  'TOO_LARGE', // 413: more than 1,000 items or 1 MB in one push, or an attachment over its limit
  'RANGE_MISMATCH', // 409: an attachment chunk that does not start where the upload stands; `details.received` says where
  'HASH_MISMATCH', // 422: an attachment's bytes do not hash to its name
  'RATE_LIMITED', // 429 + Retry-After
  'UNAVAILABLE', // 503 + Retry-After: the database is unreachable or the gateway is shutting down
  'INTERNAL', // 500
] as const;
export type SyncErrorCode = (typeof syncErrorCodes)[number];

export const syncErrorStatus: Record<SyncErrorCode, number> = {
  PROTOCOL_UNSUPPORTED: 426,
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  DEVICE_REVOKED: 403,
  FORBIDDEN: 403,
  REGISTRATION_CODE_INVALID: 400,
  REGISTRATION_CODE_USED: 409,
  REGISTRATION_CODE_EXPIRED: 410,
  CENTRE_MISMATCH: 409,
  REGISTRATION_CODE_RETURNED: 409,
  EPOCH_CHANGED: 409,
  NOT_FOUND: 404,
  TOO_LARGE: 413,
  RANGE_MISMATCH: 409,
  HASH_MISMATCH: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export const syncErrorBodySchema = z
  .object({
    error: z
      .object({
        code: z.enum(syncErrorCodes).describe('机器可读的错误码'),
        message: z.string().describe('给窗口人员看的中文说明：发生了什么、该怎么办'),
        retryAfterSeconds: z.number().int().min(0).optional().describe('429/503：多少秒后再试（与 Retry-After 头相同）'),
        field: z.string().optional().describe('VALIDATION：出错的字段路径'),
        details: z.unknown().optional().describe('按错误码而定的补充信息'),
      })
      .meta({ id: 'SyncError' }),
  })
  .meta({ id: 'SyncErrorBody' });
export type SyncErrorBody = z.infer<typeof syncErrorBodySchema>;

/**
 * A HEAD answer has no body, so its refusal travels in two headers: the code, and the Chinese
 * message percent-encoded (a header is ASCII). Without them a client could only guess from the status.
 */
export const errorHeaders = { code: 'OneWindow-Error-Code', message: 'OneWindow-Error-Message' } as const;

export function refusalHeaders(code: SyncErrorCode, message: string): Record<string, string> {
  return { [errorHeaders.code]: code, [errorHeaders.message]: encodeURIComponent(message) };
}

/** The refusal a body-less answer carried in its headers, or null when it carried none (or garbage). */
export function refusalFromHeaders(headers: Record<string, string | string[] | undefined>): SyncErrorBody['error'] | null {
  const one = (name: string) => {
    const value = headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  };
  const code = syncErrorCodes.find((c) => c === one(errorHeaders.code));
  const encoded = one(errorHeaders.message);
  if (code === undefined || encoded === undefined) return null;
  try {
    return { code, message: decodeURIComponent(encoded) };
  } catch {
    return null;
  }
}
