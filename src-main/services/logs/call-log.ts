import type { CallResult } from '../../domain/api/call-result.ts';
import { isOperationName } from '../../domain/api/contract.ts';
import type { Logger } from './logger.ts';

/**
 * One line per API call: the operation, how it ended and how long it took. Never its input or
 * its result: those are where personal data lives. A name that is not an operation is the
 * caller's text, so it is not written either.
 */
export function logCall(log: Logger, name: string, startedMs: number, result: CallResult): void {
  const op = isOperationName(name) ? name : '[未知操作]';
  const ms = Math.round(performance.now() - startedMs);
  if (result.ok) {
    log.info('api.call', { op, ok: true, ms });
    return;
  }
  const { code, field } = result.error;
  // Refusals are expected traffic; an INTERNAL error is a fault IT must see, with its message.
  if (code === 'INTERNAL') log.error('api.call', { op, ok: false, ms, code, field, message: result.error.message });
  else log.info('api.call', { op, ok: false, ms, code, field });
}
