import type { ReadTx } from '../../store/store.ts';

/**
 * A 改派 names its new assignee for the timeline; one recorded before the event carried the name
 * (or made on a PC that did not know it) is named from this PC's accounts.
 */
export function namedPayload(tx: ReadTx, type: string, payload: unknown): unknown {
  if (type !== 'review.reassigned' || typeof payload !== 'object' || payload === null) return payload;
  const p = payload as { toId?: unknown; toName?: unknown };
  if (typeof p.toName === 'string' && p.toName !== '') return payload;
  const name = typeof p.toId === 'string' ? tx.get<{ display_name: string }>('SELECT display_name FROM app_user WHERE id = ?', p.toId)?.display_name : undefined;
  return { ...p, toName: name ?? null };
}
