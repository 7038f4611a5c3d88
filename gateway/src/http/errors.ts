/** The gateway's refusals: a protocol error code, a Chinese message, and what the body carries besides. */
import { syncErrorStatus, type SyncErrorBody, type SyncErrorCode } from '../../../src-main/domain/sync/errors.ts';

export class GatewayError extends Error {
  readonly code: SyncErrorCode;
  readonly retryAfterSeconds: number | undefined;
  readonly field: string | undefined;
  readonly details: unknown;

  constructor(code: SyncErrorCode, message: string, options: { retryAfterSeconds?: number; field?: string; details?: unknown } = {}) {
    super(message);
    this.name = 'GatewayError';
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.field = options.field;
    this.details = options.details;
  }

  get status(): number {
    return syncErrorStatus[this.code];
  }

  body(): SyncErrorBody {
    const error: SyncErrorBody['error'] = { code: this.code, message: this.message };
    if (this.retryAfterSeconds !== undefined) error.retryAfterSeconds = this.retryAfterSeconds;
    if (this.field !== undefined) error.field = this.field;
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }
}

export const unavailable = (why: string, retryAfterSeconds = 5): GatewayError =>
  new GatewayError('UNAVAILABLE', `中心平台暂时不可用（${why}），请稍后自动重试；待发送的办件保留在本机`, { retryAfterSeconds });
