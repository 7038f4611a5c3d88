/**
 * What a push's answer does to the local store, inside the caller's one write transaction with
 * the batch's outbox changes (docs/sync.md): applied and duplicate items leave the outbox with
 * their central number, a refused one is kept with its reason and its case rebased.
 */
import type { PushResult } from '../../domain/sync/push.ts';
import type { WorkCalendar } from '../../domain/time/calendar.ts';
import type { WriteTx } from '../../store/store.ts';
import { noneTouched, orderEvent, refoldCases, storeCentralEvents } from './apply.ts';
import type { OutboxCaseEvent, OutboxItem } from './push-json.ts';

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
 * The cases whose answered events need no rebase: the gateway numbered them right after the
 * highest number this PC holds for the case (nobody else's event came between), in the order they
 * were made, and they are the first of the case's events still waiting for a number. The case
 * is then folded in the same order as before the answer, so its state and its list columns stay
 * as they are and it is not folded again. A case with a refused or held-back item, a duplicate
 * the PC had numbered already, or any other numbering is rebased as before.
 */
function casesInExpectedOrder(tx: WriteTx, results: readonly PushResult[], events: ReadonlyMap<string, OutboxCaseEvent>): Set<string> {
  const numbered = new Map<string, { seqs: number[]; localSeqs: number[] }>();
  const rebased = new Set<string>();
  for (const result of results) {
    const event = events.get(result.id);
    if (!event) continue;
    if (result.outcome === 'rejected' || result.seq === null) {
      rebased.add(event.caseId);
      continue;
    }
    const entry = numbered.get(event.caseId) ?? { seqs: [], localSeqs: [] };
    entry.seqs.push(result.seq);
    entry.localSeqs.push(event.localSeq);
    numbered.set(event.caseId, entry);
  }
  const candidates = [...numbered].filter(([caseId, n]) => !rebased.has(caseId) && n.seqs.every((seq, i) => seq === (n.seqs[0] as number) + i && (i === 0 || (n.localSeqs[i - 1] as number) < (n.localSeqs[i] as number))));
  if (candidates.length === 0) return new Set();
  const held = tx.all<{ caseId: string; top: number | null; waiting: number }>(
    `SELECT j.value ->> 0 AS caseId,
            (SELECT max(o.central_seq) FROM case_event_order o WHERE o.case_id = j.value ->> 0) AS top,
            (SELECT count(*) FROM case_event e
              WHERE e.case_id = j.value ->> 0 AND e.seq <= j.value ->> 1
                AND NOT EXISTS (SELECT 1 FROM case_event_order o WHERE o.event_id = e.id)
                AND NOT EXISTS (SELECT 1 FROM sync_rejection r WHERE r.event_id = e.id)) AS waiting
       FROM json_each(?) j`,
    JSON.stringify(candidates.map(([caseId, n]) => [caseId, n.localSeqs.at(-1)])),
  );
  const expected = new Map(candidates.map(([caseId, n]) => [caseId, n]));
  return new Set(held.filter((h) => {
    const n = expected.get(h.caseId);
    return n !== undefined && n.seqs[0] === (h.top ?? 0) + 1 && h.waiting === n.seqs.length;
  }).map((h) => h.caseId));
}

/**
 * The gateway's answer per pushed item. Applied and duplicate leave the outbox with their central
 * number; a rejected item stays in the log, leaves the fold, and is kept with its reason for the
 * person who made it; the case's central events that come with it rebase the case at once. Items
 * behind it are answered on their own. The items of a case numbered as this PC expected
 * (`casesInExpectedOrder`) take their numbers and leave the outbox in two statements for the
 * whole answer, without a refold.
 *
 * `items` are the batch as sent (its answer names them in order: `sendBatch` refuses one that
 * does not): a case event's item carries its event's case, local number and actor as the outbox
 * read them from the event's row (append-only), so they are not read again here.
 */
export function applyPushResults(tx: WriteTx, calendar: WorkCalendar, items: readonly OutboxItem[], results: readonly PushResult[]): { sent: number; rejected: number } {
  const touched = noneTouched();
  let sent = 0;
  let rejected = 0;
  const events = new Map(items.flatMap((item) => (item.kind === 'case.event' ? [[item.id, item] as const] : [])));
  const inOrder = casesInExpectedOrder(tx, results, events);
  const numbered: [string, string, number][] = [];
  const answered: string[] = [];
  for (const result of results) {
    const event = events.get(result.id);
    if (event && inOrder.has(event.caseId)) {
      numbered.push([result.id, event.caseId, result.seq as number]);
      answered.push(result.id);
      sent++;
      continue;
    }
    if (result.outcome === 'rejected' && waitsForOpening(tx, result, event?.caseId)) {
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
          result.id, event.caseId, event.actorId, reason.code, reason.message, tx.now,
        );
        touched.changed.add(event.caseId);
      }
      tx.run("UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE message_id = ?", reason.message, result.id);
      if (result.events) storeCentralEvents(tx, calendar, result.events, [], touched);
      rejected++;
    } else {
      if (event && result.seq !== null) {
        orderEvent(tx, result.id, event.caseId, result.seq);
        touched.acknowledged.add(event.caseId);
      }
      answered.push(result.id);
      sent++;
    }
  }
  if (numbered.length > 0) {
    // The numbers follow the highest this PC held for each case: none is taken by another event.
    tx.run(
      `INSERT INTO case_event_order (event_id, case_id, central_seq)
       SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2 FROM json_each(?) j WHERE true
       ON CONFLICT (event_id) DO UPDATE SET central_seq = excluded.central_seq`,
      JSON.stringify(numbered),
    );
  }
  if (answered.length > 0) tx.run('DELETE FROM outbox WHERE message_id IN (SELECT value FROM json_each(?))', JSON.stringify(answered));
  refoldCases(tx, calendar, touched);
  return { sent, rejected };
}
