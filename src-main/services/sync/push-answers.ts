/**
 * What a push's answer does to the local store, inside the caller's one write transaction with
 * the batch's outbox changes (docs/sync.md): applied and duplicate items leave the outbox with
 * their central number, a refused one is kept with its reason and its case rebased.
 */
import type { PushResult } from '../../domain/sync/push.ts';
import type { WorkCalendar } from '../../domain/time/calendar.ts';
import type { WriteTx } from '../../store/store.ts';
import { noneTouched, orderEvent, refoldCases, storeCentralEvents } from './apply.ts';

/** How long an event waits for its case to reach the gateway before it is offered again. */
function waitForOpening(attempts: number, now: string): string {
  return new Date(Date.parse(now) + Math.min(60_000 * 2 ** attempts, 30 * 60_000)).toISOString();
}

/**
 * CASE_UNKNOWN for a case whose opening this PC did not have refused means the gateway lacks the
 * case for now: after a restore from a backup, another device's resend of the opening may come
 * after this PC's. Waiting cures that, so the event stays pending instead of being refused for good.
 */
function waitsForOpening(tx: WriteTx, result: PushResult, caseId: string | undefined): boolean {
  if (result.reason?.code !== 'CASE_UNKNOWN' || caseId === undefined) return false;
  const openingRefused = tx.get(
    'SELECT 1 FROM case_event e JOIN sync_rejection r ON r.event_id = e.id WHERE e.case_id = ? AND e.seq = 1',
    caseId,
  );
  return openingRefused === undefined;
}

/**
 * The gateway's answer per pushed item. Applied and duplicate leave the outbox with their central
 * number; a rejected item stays in the log, leaves the fold, and is kept with its reason for the
 * person who made it; the case's central events that come with it rebase the case at once. Items
 * behind it are answered on their own.
 */
export function applyPushResults(tx: WriteTx, calendar: WorkCalendar, results: readonly PushResult[]): { sent: number; rejected: number } {
  const touched = noneTouched();
  let sent = 0;
  let rejected = 0;
  for (const result of results) {
    const event = tx.get<{ case_id: string; actor_id: string | null }>('SELECT case_id, actor_id FROM case_event WHERE id = ?', result.id);
    if (result.outcome === 'rejected' && waitsForOpening(tx, result, event?.case_id)) {
      tx.run(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE message_id = ?",
        result.reason?.message ?? '中心平台尚无该办件', waitForOpening(tx.get<{ attempts: number }>('SELECT attempts FROM outbox WHERE message_id = ?', result.id)?.attempts ?? 0, tx.now), result.id,
      );
      continue;
    }
    if (result.outcome === 'rejected') {
      const reason = result.reason ?? { code: 'INVALID_EVENT', message: '中心平台拒收了该事件，未说明原因。请联系信息中心。' };
      if (event) {
        tx.run(
          `INSERT INTO sync_rejection (event_id, case_id, actor_id, code, reason, rejected_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (event_id) DO UPDATE SET code = excluded.code, reason = excluded.reason, rejected_at = excluded.rejected_at`,
          result.id, event.case_id, event.actor_id, reason.code, reason.message, tx.now,
        );
        touched.changed.add(event.case_id);
      }
      tx.run("UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE message_id = ?", reason.message, result.id);
      if (result.events) storeCentralEvents(tx, calendar, result.events, [], touched);
      rejected++;
    } else {
      if (event && result.seq !== null) {
        orderEvent(tx, result.id, event.case_id, result.seq);
        touched.acknowledged.add(event.case_id);
      }
      tx.run('DELETE FROM outbox WHERE message_id = ?', result.id);
      sent++;
    }
  }
  refoldCases(tx, calendar, touched);
  return { sent, rejected };
}
