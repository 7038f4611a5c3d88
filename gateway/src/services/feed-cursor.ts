/**
 * A feed cursor, opaque to devices: the epoch and the number of the last feed entry read, as
 * base64url JSON. A pull's page ends at one, and a push's answer names the two around its own
 * entries (push.ts, `ownFeed`); both are made here, so the same position is the same text.
 */
import { GatewayError } from '../http/errors.ts';

export function encodeCursor(epoch: string, seq: number): string {
  return Buffer.from(JSON.stringify({ v: 1, e: epoch, s: seq }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null, epoch: string): number {
  if (cursor === null) return 0;
  let parsed: { v?: unknown; e?: unknown; s?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    throw new GatewayError('VALIDATION', '拉取游标无法识别：请从头拉取（游标置空）', { field: 'cursor' });
  }
  if (parsed.v !== 1 || typeof parsed.s !== 'number' || !Number.isInteger(parsed.s) || parsed.s < 0 || typeof parsed.e !== 'string') {
    throw new GatewayError('VALIDATION', '拉取游标无法识别：请从头拉取（游标置空）', { field: 'cursor' });
  }
  if (parsed.e !== epoch) {
    throw new GatewayError('EPOCH_CHANGED', '中心平台已从备份恢复（纪元变化）：本机将从头拉取，并补发中心平台缺少的本机事件', { details: { epoch } });
  }
  return parsed.s;
}
