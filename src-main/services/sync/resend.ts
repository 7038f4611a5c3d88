import type { WriteTx } from '../../store/store.ts';

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
