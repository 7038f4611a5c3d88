import type { Role } from '../../domain/auth/roles.ts';
import type { CaseEvent } from '../../domain/lifecycle/index.ts';
import { rebaseCase, type PendingEvent, type RebasedCase } from '../../domain/sync/rebase.ts';
import type { ReadTx } from '../../store/store.ts';

interface EventRow {
  id: string;
  type: string;
  at: string;
  actor_id: string | null;
  actor_role: Role | null;
  payload: string;
  central_seq: number | null;
}

const toEvent = (row: EventRow) =>
  ({ type: row.type, at: row.at, actorId: row.actor_id, actorRole: row.actor_role, payload: JSON.parse(row.payload) as unknown }) as CaseEvent;

/**
 * A case's log split as the rebase reads it: the events the gateway numbered, in its order, and
 * this device's events it has not numbered yet, in the order they were made. Events it refused
 * stay in the log (append-only) but take no part in the case.
 */
export function loadCaseLog(tx: ReadTx, caseId: string): { central: CaseEvent[]; pending: PendingEvent[] } {
  const rows = tx.all<EventRow>(
    `SELECT e.id, e.type, e.at, e.actor_id, e.actor_role, e.payload, o.central_seq
       FROM case_event e LEFT JOIN case_event_order o ON o.event_id = e.id
      WHERE e.case_id = ? AND NOT EXISTS (SELECT 1 FROM sync_rejection r WHERE r.event_id = e.id)
      ORDER BY o.central_seq IS NULL, o.central_seq, e.seq`,
    caseId,
  );
  const central: CaseEvent[] = [];
  const pending: PendingEvent[] = [];
  // Only the numbered events without a gap are the truth yet: this PC's own event may come back
  // numbered 5 before another device's 3 and 4 have been pulled, and it stays on top until they have.
  for (const row of rows) {
    if (row.central_seq !== null && pending.length === 0 && row.central_seq === central.length + 1) central.push(toEvent(row));
    else pending.push({ id: row.id, event: toEvent(row) });
  }
  return { central, pending };
}

/** The case as this device shows it: central history, its own pending events on top. */
export function foldLocalCase(tx: ReadTx, caseId: string): RebasedCase {
  const { central, pending } = loadCaseLog(tx, caseId);
  return rebaseCase(central, pending);
}

/** The events in the order the case is folded (for timelines and the state machine). */
export function orderedEvents(tx: ReadTx, caseId: string): CaseEvent[] {
  const { central, pending } = loadCaseLog(tx, caseId);
  return [...central, ...pending.map((p) => p.event)];
}
