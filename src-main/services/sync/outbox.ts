/**
 * Reading the outbox for a push: oldest first, at most 1,000 items or 1 MB, never more in memory
 * than the batches on the wire and the one read behind them (a week offline is 50,000 events).
 */
import type { CaseHeader } from '../../domain/sync/case-header.ts';
import type { CaseEventItem } from '../../domain/sync/push.ts';
import { pushLimits } from '../../domain/sync/push.ts';
import type { ReadTx } from '../../store/store.ts';
import { itemChanged, itemJson, type OutboxCaseEvent, type OutboxItem } from './push-json.ts';
import { caseHeaders } from './snapshot.ts';
import { userItem } from './users.ts';

interface OutboxRow {
  message_id: string;
  kind: string;
  /** An account change's (its user and when it was queued); a case event's are in `fields`. */
  created_at?: string;
  aggregate_id?: string;
  case_id: string | null;
  seq: number | null;
  type: string | null;
  actor_id: string | null;
  /** A case event this PC sends: its item's JSON as SQLite made it (UTF-8), without `baseSeq` and `case`. */
  fields: Buffer | null;
}

export interface Batch {
  items: OutboxItem[];
  /** Outbox messages this PC never sends (demo history, messages of no kind the gateway takes). */
  skipped: string[];
}

/** Envelope bytes beside the JSON of an item, so a batch stays under the limit as sent. */
const slackBytes = 256;

/**
 * A pending message whose time has come: one the gateway asked to wait for (its case not yet
 * known there, after a restore) is left out until `next_attempt_at`, or until a pull brings its case.
 */
export const sendableNow = "o.state = 'pending' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)";

/** Pending messages told to wait for a time (their case not yet known to the gateway, their scans held): an index of their own holds them (migration 0014). */
export const waitingForTime = "state = 'pending' AND next_attempt_at IS NOT NULL";

/**
 * The next batch: the oldest pending messages. Every pushed item gets an answer that takes it out
 * of the pending ones (sent items leave the outbox, rejected ones are kept as failed), so the next
 * batch starts after it without a cursor. Account changes go first: the gateway accepts a case
 * event only from one of the centre's people, so the people travel before what they did. Then
 * ordered by when it was written and, within one millisecond, by the case's own sequence.
 */
export function nextBatch(tx: ReadTx, limits: { maxItems: number; maxBytes: number } = pushLimits, now: Date = new Date()): Batch {
  return nextBatches(tx, limits, 1, now)[0] ?? { items: [], skipped: [] };
}

/**
 * The next `count` batches in one read, for a push that sends one batch while it stores the
 * answer to the one before. The messages skipped (never sent) go with the first batch.
 * `onTheWire` names messages already sent whose answers are not stored yet (still pending):
 * they are left out, so the batches after them are read while the gateway judges them. A case
 * event of a case in `casesOnTheWire` is left out by its case and need not be named (each one
 * named raises the read's limit by one).
 * `casesOnTheWire` names cases (and 一件事 parents) of batches still unanswered: their events,
 * and those of cases whose parent they are, are left for a later read, so what is read may go on
 * the wire beside them (push-overlap.ts); they come first again once those answers are in.
 */
export function nextBatches(
  tx: ReadTx,
  limits: { maxItems: number; maxBytes: number },
  count: number,
  now: Date = new Date(),
  onTheWire: ReadonlySet<string> = new Set(),
  casesOnTheWire: ReadonlySet<string> = new Set(),
): Batch[] {
  const limit = limits.maxItems * count + onTheWire.size;
  const at = now.toISOString();
  // Account changes first, then the rest oldest first: two statements, so the second walks the
  // pending messages off their index (migration 0013) in the order it returns them and stops
  // after the last one it needs, instead of sorting the whole backlog with its joins.
  const accountRows = tx.all<OutboxRow>(
    `SELECT o.message_id, o.created_at, o.kind, o.aggregate_id FROM outbox o
      WHERE ${sendableNow} AND o.kind = 'user.upsert' ORDER BY o.created_at, o.message_id LIMIT ?`,
    at,
    // One row more than the batches hold: it says whether rows are left behind.
    limit + 1,
  );
  const wire = casesOnTheWire.size === 0 ? null : JSON.stringify([...casesOnTheWire]);
  // A case's messages name it as their aggregate: those of cases on the wire are passed over before any join.
  const wireCases =
    wire === null
      ? ''
      : `
        AND o.aggregate_id NOT IN (SELECT value FROM json_each(?))
        AND (e.case_id IS NULL OR (e.case_id NOT IN (SELECT value FROM json_each(?)) AND (c.parent_case_id IS NULL OR c.parent_case_id NOT IN (SELECT value FROM json_each(?)))))`;
  const rest = limit + 1 - accountRows.length;
  const events =
    rest <= 0
      ? []
      : tx.all<OutboxRow>(
          `SELECT o.message_id, o.kind, e.case_id, e.seq, e.type, e.actor_id,
                  CASE WHEN o.kind = 'case.event' AND c.is_demo = 0 THEN CAST(
                    json_object('kind', 'case.event', 'id', o.message_id, 'caseId', e.case_id, 'caseNumber', coalesce(c.case_number, ''), 'localSeq', e.seq,
                                'type', e.type, 'at', e.at, 'actorId', e.actor_id, 'actorRole', e.actor_role, 'actorName', u.display_name,
                                'note', e.note, 'payload', json(e.payload)) AS BLOB) END AS fields
             FROM outbox o
             LEFT JOIN case_event e ON e.id = o.message_id
             LEFT JOIN case_record c ON c.id = e.case_id
             LEFT JOIN app_user u ON u.id = e.actor_id
            WHERE ${sendableNow} AND o.kind <> 'user.upsert'${wireCases}
            ORDER BY o.created_at, e.case_id, e.seq, o.message_id
            LIMIT ?`,
          at,
          ...(wire === null ? [] : [wire, wire, wire]),
          rest,
        );
  // Account changes that more case events follow than the batch holds go alone (below): known
  // from the rows' count, the case events' items and headers are not built only to be dropped.
  const accountsAlone = count === 1 && accountRows.length + events.length > limit && accountRows.some((r) => !onTheWire.has(r.message_id));
  const rows = accountsAlone ? accountRows : accountRows.length === 0 ? events : [...accountRows, ...events];
  const batches: Batch[] = [{ items: [], skipped: [] }];
  // The headers of the cases these rows open, read together (a few may be left unused when a batch ends on bytes).
  const headers = caseHeaders(tx, rows.filter((r) => r.seq === 1 && isSent(r) && !onTheWire.has(r.message_id)).map((r) => r.case_id as string));
  const bases = baseSeqs(tx, rows);
  let bytes = 0;
  let leftBehind = false;
  for (const row of rows) {
    if (onTheWire.has(row.message_id)) continue;
    let batch = batches.at(-1) as Batch;
    const item = row.kind === 'user.upsert' ? userItem(tx, row.message_id, row.aggregate_id as string, row.created_at as string) : caseItem(row, headers, bases);
    if (item === null) {
      (batches[0] as Batch).skipped.push(row.message_id);
      continue;
    }
    const size = itemJson(item).length + slackBytes;
    if (batch.items.length > 0 && (bytes + size > limits.maxBytes || batch.items.length >= limits.maxItems)) {
      // A batch that ended on bytes leaves rows behind that the next read starts from.
      if (batches.length === count) {
        leftBehind = true;
        break;
      }
      batch = { items: [], skipped: [] };
      batches.push(batch);
      bytes = 0;
    }
    batch.items.push(item);
    bytes += size;
  }
  // Account changes that more case events follow than the batch holds go alone: no batch goes
  // beside one that carries them (push-overlap.ts), so the case events riding with them would
  // cross alone; after the accounts' short answer two batches of case events go together. A
  // small push keeps its one round trip.
  const first = batches[0] as Batch;
  const accounts = first.items.findIndex((item) => item.kind !== 'user.upsert');
  if (leftBehind && batches.length === 1 && accounts > 0) first.items = first.items.slice(0, accounts);
  return batches.filter((b, i) => i === 0 || b.items.length > 0);
}

/**
 * Each case's base number (the highest central number this PC holds for it), looked up once per
 * case: a read's 1,000 events belong to about 100 cases, and a lookup per event repeated each ten times.
 */
function baseSeqs(tx: ReadTx, rows: readonly OutboxRow[]): Map<string, number | null> {
  const caseIds = [...new Set(rows.flatMap((r) => (isSent(r) ? [r.case_id as string] : [])))];
  if (caseIds.length === 0) return new Map();
  const held = tx.all<{ case_id: string; base_seq: number | null }>(
    'SELECT j.value AS case_id, (SELECT max(n.central_seq) FROM case_event_order n WHERE n.case_id = j.value) AS base_seq FROM json_each(?) j',
    JSON.stringify(caseIds),
  );
  return new Map(held.map((h) => [h.case_id, h.base_seq]));
}

/** Records the highest central number each case got in a batch's answers. */
export function noteCentralNumbers(batch: Batch, results: readonly { seq: number | null }[], numbered: Map<string, number>): void {
  batch.items.forEach((item, i) => {
    const seq = results[i]?.seq ?? null;
    if (item.kind !== 'case.event') return;
    if (seq !== null && seq > (numbered.get(item.caseId) ?? 0)) numbered.set(item.caseId, seq);
  });
}

/** A batch read before the answers to the one before it: its items' base is what those answers numbered. */
export function raiseBaseSeqs(batch: Batch, numbered: ReadonlyMap<string, number>): void {
  for (const item of batch.items) {
    if (item.kind !== 'case.event') continue;
    const seq = numbered.get(item.caseId);
    if (seq !== undefined && seq > (item.baseSeq ?? 0)) {
      item.baseSeq = seq;
      itemChanged(item);
    }
  }
}

/**
 * A case event this PC sends (not demo history, not a message of another kind): the read made its
 * JSON, which it does only for an event row it joined (its case, number and type are NOT NULL).
 */
const isSent = (row: OutboxRow) => row.fields !== null;

function caseItem(row: OutboxRow, headers: ReadonlyMap<string, CaseHeader>, bases: ReadonlyMap<string, number | null>): OutboxCaseEvent | null {
  if (!isSent(row)) return null;
  const caseId = row.case_id as string;
  const item: OutboxCaseEvent = {
    kind: 'case.event',
    id: row.message_id,
    caseId,
    localSeq: row.seq as number,
    type: row.type as CaseEventItem['type'],
    actorId: row.actor_id,
    baseSeq: bases.get(caseId) ?? null,
    fields: row.fields as Buffer,
    bytes: undefined,
  };
  // The case's facts go with its opening event; the gateway needs them to route the case.
  if (row.seq === 1) item.case = headers.get(caseId) as CaseHeader;
  return item;
}
