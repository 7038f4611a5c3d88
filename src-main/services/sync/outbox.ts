/**
 * Reading the outbox for a push: oldest first, at most 500 items or 1 MB, never more in memory
 * than one batch (a week offline is 50,000 events).
 */
import type { Role } from '../../domain/auth/roles.ts';
import type { CaseEventItem } from '../../domain/sync/push.ts';
import { pushLimits } from '../../domain/sync/push.ts';
import type { ReadTx } from '../../store/store.ts';
import { caseHeader } from './snapshot.ts';

interface OutboxRow {
  message_id: string;
  created_at: string;
  kind: string;
  case_id: string | null;
  seq: number | null;
  type: string | null;
  at: string | null;
  actor_id: string | null;
  actor_role: Role | null;
  actor_name: string | null;
  note: string | null;
  payload: string | null;
  case_number: string | null;
  is_demo: number | null;
}

export interface Batch {
  items: CaseEventItem[];
  /** Outbox messages this PC never sends (demo history, messages of no kind the gateway takes). */
  skipped: string[];
}

/** Envelope bytes beside the JSON of an item, so a batch stays under the limit as sent. */
const slackBytes = 256;

/**
 * The next batch: the oldest pending messages. Every pushed item gets an answer that takes it out
 * of the pending ones (sent items leave the outbox, rejected ones are kept as failed), so the next
 * batch starts after it without a cursor. Ordered by when it was written and, within one
 * millisecond, by the case's own sequence (a UUIDv7's random tail does not order those).
 */
/**
 * A pending message whose time has come: one the gateway asked to wait for (its case not yet
 * known there, after a restore) is left out until `next_attempt_at`, or until a pull brings its case.
 */
export const sendableNow = "o.state = 'pending' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)";

export function nextBatch(tx: ReadTx, limits: { maxItems: number; maxBytes: number } = pushLimits, now: Date = new Date()): Batch {
  const rows = tx.all<OutboxRow>(
    `SELECT o.message_id, o.created_at, o.kind, e.case_id, e.seq, e.type, e.at, e.actor_id, e.actor_role, u.display_name AS actor_name,
            e.note, e.payload, c.case_number, c.is_demo
       FROM outbox o
       LEFT JOIN case_event e ON e.id = o.message_id
       LEFT JOIN case_record c ON c.id = e.case_id
       LEFT JOIN app_user u ON u.id = e.actor_id
      WHERE ${sendableNow}
      ORDER BY o.created_at, e.case_id, e.seq, o.message_id
      LIMIT ?`,
    now.toISOString(),
    limits.maxItems,
  );
  const items: CaseEventItem[] = [];
  const skipped: string[] = [];
  let bytes = 0;
  for (const row of rows) {
    if (row.kind !== 'case.event' || row.case_id === null || row.type === null || row.is_demo === 1) {
      skipped.push(row.message_id);
      continue;
    }
    const item = toItem(tx, row);
    const size = Buffer.byteLength(JSON.stringify(item)) + slackBytes;
    if (items.length > 0 && bytes + size > limits.maxBytes) break;
    items.push(item);
    bytes += size;
  }
  return { items, skipped };
}

function toItem(tx: ReadTx, row: OutboxRow): CaseEventItem {
  const caseId = row.case_id ?? '';
  const baseSeq = tx.get<{ n: number | null }>('SELECT max(central_seq) AS n FROM case_event_order WHERE case_id = ?', caseId)?.n ?? null;
  return {
    kind: 'case.event',
    id: row.message_id,
    caseId,
    caseNumber: row.case_number ?? '',
    localSeq: row.seq ?? 1,
    baseSeq,
    type: row.type as CaseEventItem['type'],
    at: row.at ?? row.created_at,
    actorId: row.actor_id,
    actorRole: row.actor_role,
    actorName: row.actor_name,
    note: row.note,
    payload: JSON.parse(row.payload ?? '{}') as Record<string, unknown>,
    // The case's facts go with its opening event; the gateway needs them to route the case.
    ...(row.seq === 1 ? { case: caseHeader(tx, caseId) } : {}),
  };
}
