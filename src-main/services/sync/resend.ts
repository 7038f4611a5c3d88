import type { SessionResponse } from '../../domain/sync/session.ts';
import type { WriteTx } from '../../store/store.ts';
import { readLink } from './link.ts';

/**
 * After the gateway was restored from an older backup (a new epoch), this PC sends again, from its
 * event log rather than its outbox, every event it made after the last one the gateway still
 * holds. The ids make it idempotent: what the gateway has anyway comes back as a duplicate.
 * Rejected events and seeded demo history are not resent. Returns how many were queued.
 */
export function resendFromLog(tx: WriteTx, deviceId: string, lastEventId: string | null): number {
  return tx.run(
    `INSERT OR IGNORE INTO outbox (message_id, kind, aggregate_type, aggregate_id, payload, created_at)
     SELECT e.id, 'case.event', 'case', e.case_id, NULL, e.at
       FROM case_event e JOIN case_record c ON c.id = e.case_id
      WHERE e.device_id = ? AND (? IS NULL OR e.id > ?) AND c.is_demo = 0
        AND NOT EXISTS (SELECT 1 FROM sync_rejection r WHERE r.event_id = e.id)`,
    deviceId, lastEventId, lastEventId,
  ).changes;
}

/**
 * What a session answer changes here: a new epoch (the gateway restored from a backup) resends
 * from the log what the gateway lacks and starts the pull again from the beginning; the clock
 * skew is kept for the status bar.
 */
export function adoptSession(tx: WriteTx, deviceId: string, session: Pick<SessionResponse, 'epoch' | 'deviceEvents'>, skewMs: number): void {
  const link = readLink(tx);
  if (link && link.epoch !== session.epoch) {
    const resent = link.epoch === null ? 0 : resendFromLog(tx, deviceId, session.deviceEvents.lastEventId);
    // The old life's numbers mean nothing now: an event the restored gateway lost must not keep
    // its old place in a case. The pull from the start numbers again all that the gateway holds.
    if (link.epoch !== null) tx.run('DELETE FROM case_event_order');
    tx.run('UPDATE sync_link SET epoch = ?, cursor = NULL WHERE id = 1', session.epoch);
    if (link.epoch !== null) tx.audit({ action: 'sync.epochChanged', detail: { from: link.epoch, to: session.epoch, resent } });
  }
  tx.run('UPDATE sync_link SET clock_skew_ms = ? WHERE id = 1', skewMs);
}
