/**
 * What the gateway's answers do to the local store. Each function runs inside the caller's one
 * write transaction: a pulled page and its cursor commit together, and a push's answers commit
 * together, so a kill between the two halves leaves neither.
 */
import type { CentralEvent } from '../../domain/sync/events.ts';
import type { AcknowledgedEvent, AcknowledgedRun, PulledCase, PullResponse } from '../../domain/sync/pull.ts';
import { dateInChina } from '../../domain/time/iso-date.ts';
import type { WorkCalendar } from '../../domain/time/calendar.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';
import type { Role } from '../../domain/auth/roles.ts';
import type { CaseEvent } from '../../domain/lifecycle/index.ts';
import { rebaseCase } from '../../domain/sync/rebase.ts';
import { project, projectBundle, projectedValues } from '../cases/lifecycle.ts';
import { foldLocalCase } from './case-log.ts';
import { freeNumbersForPulledCases } from './number-clash.ts';
import { waitingForTime } from './outbox.ts';
import { centreForRegion, ensureRemoteUser, insertCaseFromHeader, type OpeningFacts } from './snapshot.ts';
import { applyCentreUsers } from './users.ts';
import { SyncFailure } from './client.ts';

/**
 * The cases a page or a push answer touched: `changed` got an event from elsewhere or lost a
 * refused one of this PC's; `acknowledged` only had this PC's own events numbered by the gateway.
 */
export interface Touched {
  changed: Set<string>;
  acknowledged: Set<string>;
}

export const noneTouched = (): Touched => ({ changed: new Set(), acknowledged: new Set() });

/**
 * Brings every touched case's list and queue columns in step with its rebased log. A changed
 * case gets a new row version, as a step taken at another window of this PC would give it, so a
 * screen opened before refuses to act on it; an acknowledged one keeps its version unless its
 * columns moved, so the reviewer's open drawer takes their next step.
 */
export function refoldCases(tx: WriteTx, calendar: WorkCalendar, touched: Touched, projected: ReadonlySet<string> = new Set()): void {
  const today = dateInChina(new Date(tx.now));
  for (const caseId of new Set([...touched.changed, ...touched.acknowledged])) {
    if (projected.has(caseId)) continue;
    const head = tx.get<{ is_bundle: number; parent_case_id: string | null; centre_id: string }>('SELECT is_bundle, parent_case_id, centre_id FROM case_record WHERE id = ?', caseId);
    if (!head || head.is_bundle === 1) continue;
    const { state } = foldLocalCase(tx, caseId);
    if (state.status === null) continue;
    // A claim or reassignment may name a reviewer this PC has no account for.
    if (state.assigneeId) ensureRemoteUser(tx, state.assigneeId, '其他设备的审批人员', 'reviewer', head.centre_id);
    project(tx, caseId, state, calendar, today, { onlyIfChanged: !touched.changed.has(caseId) });
    if (head.parent_case_id) projectBundle(tx, head.parent_case_id);
  }
}

const openingStatus: Record<string, string> = { 'intake.accepted': 'accepted', 'intake.notice': 'notice', 'intake.refused': 'refused' };

function openingFacts(pulled: PulledCase, first: CentralEvent | undefined): OpeningFacts {
  const payload = (first?.payload ?? {}) as { dueDate?: string | null; reason?: string };
  return {
    status: (first && openingStatus[first.type]) ?? pulled.standing.status ?? 'accepted',
    at: first?.at ?? pulled.header.createdAt,
    dueDate: payload.dueDate ?? null,
    refusalReason: first?.type === 'intake.refused' ? (payload.reason ?? null) : null,
  };
}

/** What a page's events find in this store, read for the whole page at once rather than per event. */
function heldOfPage(tx: WriteTx, events: readonly CentralEvent[]) {
  const ids = JSON.stringify(events.map((e) => e.id));
  const caseIds = JSON.stringify([...new Set(events.map((e) => e.caseId))]);
  return {
    events: new Map(
      tx.all<{ id: string; central_seq: number | null }>(
        'SELECT e.id, o.central_seq FROM json_each(?) j JOIN case_event e ON e.id = j.value LEFT JOIN case_event_order o ON o.event_id = e.id',
        ids,
      ).map((r) => [r.id, r.central_seq]),
    ),
    centres: new Map(tx.all<{ id: string; centre_id: string }>('SELECT c.id, c.centre_id FROM json_each(?) j JOIN case_record c ON c.id = j.value', caseIds).map((r) => [r.id, r.centre_id])),
  };
}

const asCaseEvent = (e: CentralEvent) => ({ type: e.type, at: e.at, actorId: e.actorId, actorRole: e.actorRole, payload: e.payload }) as CaseEvent;

/** The people a page names, each looked up (and created if this PC has no account for them) once a page. */
interface PagePeople {
  person: (id: string, name: string, role: Role, centreId: string) => void;
  people: (event: CentralEvent, centreId: string) => void;
}

/**
 * Creates the cases of a page that this PC has never held, each from its header. A case whose
 * whole history is in the page (its events numbered 1, 2, 3 … here: a first sync) is folded
 * from them in memory and written with its list and queue columns at once; it is returned so the
 * refold after the page leaves it alone. The people its events name are known before its row is.
 */
function createPageCases(tx: WriteTx, calendar: WorkCalendar, events: readonly CentralEvent[], cases: readonly PulledCase[], held: ReturnType<typeof heldOfPage>, page: PagePeople): { created: Set<string>; projected: Set<string> } {
  const headers = new Map(cases.map((c) => [c.header.caseId, c]));
  const fresh = new Map<string, CentralEvent[]>();
  for (const event of events) {
    if (held.centres.has(event.caseId) || !headers.has(event.caseId)) continue;
    const list = fresh.get(event.caseId);
    if (list) list.push(event);
    else fresh.set(event.caseId, [event]);
  }
  // A demo case here holding one of their numbers gives it up first (number-clash.ts).
  freeNumbersForPulledCases(tx, [...fresh.keys()].map((caseId) => headers.get(caseId)?.header.caseNumber ?? ''));
  const projected = new Set<string>();
  const today = dateInChina(new Date(tx.now));
  const centreOf = new Map<string, string>();
  // Name-prefix tokens repeat across a page's applicants (surnames): each is an HMAC, made once per page.
  const nameTokens = new Map<string, Buffer>();
  // A 一件事's parent before its children, whatever order the page lists them in: a child's row
  // links to a parent that is already there (a parent this PC never holds leaves the link empty).
  const childOfFresh = ([caseId]: [string, CentralEvent[]]) => (fresh.has(headers.get(caseId)?.header.parentCaseId ?? '') ? 1 : 0);
  for (const [caseId, list] of [...fresh].sort((a, b) => childOfFresh(a) - childOfFresh(b))) {
    const pulled = headers.get(caseId) as PulledCase;
    const region = pulled.header.caseNumber.slice(0, 6);
    const centreId = centreOf.get(region) ?? centreForRegion(tx, region);
    centreOf.set(region, centreId);
    // The clerk first, as the header names them (the row would do it), then the people of its events.
    page.person(pulled.header.clerkId, pulled.header.clerkName ?? '其他中心的窗口人员', 'clerk', centreId);
    for (const event of list) page.people(event, centreId);
    const first = list[0] as CentralEvent;
    // A bundle and its children are projected by the refold (a bundle from its children).
    const whole = !pulled.header.isBundle && !pulled.header.parentCaseId && list.every((e, i) => e.seq === i + 1);
    const state = whole ? rebaseCase(list.map(asCaseEvent), []).state : null;
    if (state?.assigneeId) page.person(state.assigneeId, '其他设备的审批人员', 'reviewer', centreId);
    const columns = state && state.status !== null ? projectedValues(state, calendar, today) : undefined;
    insertCaseFromHeader(tx, pulled.header, openingFacts(pulled, first.seq === 1 ? first : undefined), { centreId, projected: columns, nameTokens, clerkKnown: true });
    held.centres.set(caseId, centreId);
    if (columns) projected.add(caseId);
  }
  return { created: new Set(fresh.keys()), projected };
}

/**
 * Stores the central events of one page: events this PC has not seen are appended to the log (a
 * case it has never held is created from its header), every event takes the gateway's number,
 * and this PC's own events that come back are acknowledged (they leave the outbox). Returns the
 * cases touched, and those created with their columns already folded (`projected`).
 */
export function storeCentralEvents(tx: WriteTx, calendar: WorkCalendar, events: readonly CentralEvent[], cases: readonly PulledCase[], touched: Touched = noneTouched()): Touched & { projected: Set<string>; received: number } {
  const held = heldOfPage(tx, events);
  // Events stored that this PC did not hold: other PCs', and its own that a restored store lacked.
  let received = 0;
  const named = new Set<string>();
  const person = (id: string, name: string, role: Role, centreId: string) => {
    if (named.has(id)) return;
    named.add(id);
    ensureRemoteUser(tx, id, name, role, centreId);
  };
  const people = (event: CentralEvent, centreId: string) => {
    if (event.actorId && event.actorRole) person(event.actorId, event.actorName ?? '其他设备的人员', event.actorRole, centreId);
    // A 改派 on another PC may name a reviewer this PC has no account for: the event carries the name.
    const reassigned = event.type === 'review.reassigned' ? (event.payload as { toId?: unknown; toName?: unknown }) : null;
    if (reassigned && typeof reassigned.toId === 'string') {
      person(reassigned.toId, typeof reassigned.toName === 'string' && reassigned.toName ? reassigned.toName : '其他设备的审批人员', 'reviewer', centreId);
    }
  };
  const { created, projected } = createPageCases(tx, calendar, events, cases, held, { person, people });
  // This PC's own numbering of each case's log: a case created by this page starts at 0.
  const lastSeq = new Map<string, number>([...created].map((id) => [id, 0]));
  // Only an event this store already held can be one of its outbox's: an outbox message is written
  // with its event. A first sync holds none, and its pages skip the outbox altogether.
  const left: string[] = [];
  for (const event of events) {
    const known = held.events.has(event.id);
    if (known) left.push(event.id);
    if (known && held.events.get(event.id) === event.seq) {
      // Already held with this number (this PC's own event, numbered by the push's answer): the case is unchanged.
      continue;
    }
    if (!known) {
      const centreId = held.centres.get(event.caseId);
      // Without its header a case cannot be shown; the gateway sends one with every case a page touches.
      if (centreId === undefined) continue;
      people(event, centreId);
      received++;
      const seq = (lastSeq.get(event.caseId) ?? tx.get<{ seq: number | null }>('SELECT max(seq) AS seq FROM case_event WHERE case_id = ?', event.caseId)?.seq ?? 0) + 1;
      lastSeq.set(event.caseId, seq);
      tx.run(
        `INSERT INTO case_event (id, case_id, seq, type, at, actor_id, actor_role, device_id, note, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        event.id, event.caseId, seq, event.type, event.at, event.actorId, event.actorRole, `${event.centreCode}/${event.deviceCode}`, event.note,
        JSON.stringify(event.payload),
      );
      held.events.set(event.id, null);
      touched.changed.add(event.caseId);
    }
    orderEvent(tx, event.id, event.caseId, event.seq, created.has(event.caseId));
    held.events.set(event.id, event.seq);
    touched.acknowledged.add(event.caseId);
  }
  if (left.length > 0) tx.run('DELETE FROM outbox WHERE message_id IN (SELECT value FROM json_each(?))', JSON.stringify(left));
  // Every case of the page is in `acknowledged` (its events took their numbers).
  releaseWaiting(tx, touched.acknowledged);
  return { ...touched, projected, received };
}

/** The gateway knows these cases now: what waited for their opening goes with the next push. */
export function releaseWaiting(tx: WriteTx, caseIds: ReadonlySet<string>): void {
  // One statement for all of a page's cases.
  if (caseIds.size === 0) return;
  tx.run(`UPDATE outbox SET next_attempt_at = NULL WHERE ${waitingForTime} AND aggregate_id IN (SELECT value FROM json_each(?))`, JSON.stringify([...caseIds]));
}

export function orderEvent(tx: WriteTx, eventId: string, caseId: string, centralSeq: number, newCase = false): void {
  // A restored gateway (a new epoch) may number differently: its number replaces the old one.
  // A case created by this page has no old numbers, nor an event numbered twice.
  if (newCase) {
    tx.run('INSERT INTO case_event_order (event_id, case_id, central_seq) VALUES (?, ?, ?)', eventId, caseId, centralSeq);
    return;
  }
  tx.run('DELETE FROM case_event_order WHERE case_id = ? AND central_seq = ? AND event_id <> ?', caseId, centralSeq, eventId);
  tx.run(
    `INSERT INTO case_event_order (event_id, case_id, central_seq) VALUES (?, ?, ?)
     ON CONFLICT (event_id) DO UPDATE SET central_seq = excluded.central_seq`,
    eventId, caseId, centralSeq,
  );
}

/** This PC's own events that a page names by id only, that it does not hold (a store restored from an older backup). */
export function unheldOwnEvents(tx: ReadTx, acknowledged: readonly AcknowledgedEvent[]): number {
  if (acknowledged.length === 0) return 0;
  const held = tx.get<{ n: number }>('SELECT count(*) AS n FROM case_event WHERE id IN (SELECT value FROM json_each(?))', JSON.stringify(acknowledged.map((a) => a.id)))?.n ?? 0;
  return acknowledged.length - held;
}

/**
 * This PC's own events as a page names them (id and central number only): each takes its number,
 * as the push's answer gave it (then nothing changes) or, when that answer was lost, now; it
 * leaves the outbox either way. The caller has checked that each is held (`unheldOwnEvents`).
 * After a push nearly all are numbered already: they are found with one statement for the page,
 * not one read per event, and only the others are numbered one by one, in the page's order; the
 * page's ids leave the outbox in one statement. Each entry goes in as its id (a UUID: 36
 * characters, as the protocol's schema checks) followed by its number, cut apart with `substr`:
 * taking them from a JSON array per entry (`->>`) cost more than the statements it saved.
 */
function storeAcknowledged(tx: WriteTx, acknowledged: readonly AcknowledgedEvent[], touched: Touched): void {
  if (acknowledged.length === 0) return;
  const entries = JSON.stringify(acknowledged.map((a) => `${a.id}${a.seq}`));
  const unnumbered = tx.all<{ i: number }>(
    `SELECT j.key AS i FROM json_each(?) j LEFT JOIN case_event_order o ON o.event_id = substr(j.value, 1, 36)
      WHERE o.central_seq IS NOT CAST(substr(j.value, 37) AS INTEGER) ORDER BY j.key`,
    entries,
  );
  for (const { i } of unnumbered) {
    const a = acknowledged[i] as AcknowledgedEvent;
    orderEvent(tx, a.id, a.caseId, a.seq);
    // This PC's own event, numbered: its case is refolded without counting as changed by another.
    touched.acknowledged.add(a.caseId);
  }
  tx.run('DELETE FROM outbox WHERE message_id IN (SELECT substr(value, 1, 36) FROM json_each(?))', entries);
  releaseWaiting(tx, new Set(acknowledged.map((a) => a.caseId)));
}

/** A page's runs of own events as one JSON array of [case, first number, last number], for the statements that read them. */
const runsParameter = (runs: readonly AcknowledgedRun[]) => JSON.stringify(runs.map((r) => [r.caseId, r.firstSeq, r.lastSeq]));

/** How many events a page's runs name. */
export const runEvents = (runs: readonly AcknowledgedRun[]): number => runs.reduce((n, r) => n + Math.max(0, r.lastSeq - r.firstSeq + 1), 0);

/** The numbers a page's runs name (each run's, one after another), and how many of them this store holds. */
function runNumbers(tx: ReadTx, runs: readonly AcknowledgedRun[]): { named: number; held: number } {
  const named = runEvents(runs);
  if (runs.length === 0) return { named, held: 0 };
  const held = tx.get<{ n: number }>(
    `SELECT count(*) AS n FROM json_each(?) j JOIN case_event_order o
        ON o.case_id = j.value ->> 0 AND o.central_seq BETWEEN j.value ->> 1 AND j.value ->> 2`,
    runsParameter(runs),
  )?.n ?? 0;
  return { named, held };
}

/**
 * Whether this store holds, with the page's numbers, every own event the page names as runs. The
 * numbers of `case_event_order` are this epoch's gateway's (an epoch change clears them), which
 * never numbers two events alike, so an event held at each number is the gateway's own event
 * there. A number missing (the push's answer was lost, the store was restored from an older
 * copy) means the page must be asked for again brief, event by event.
 */
export function ownRunsHeld(tx: ReadTx, runs: readonly AcknowledgedRun[]): boolean {
  const { named, held } = runNumbers(tx, runs);
  return held === named;
}

/**
 * This PC's own events as a page names them in runs: each is held with its number already (the
 * caller checked it, `ownRunsHeld`; checked again here in the page's transaction), so nothing
 * changes but the outbox, which they leave, and what waited for their cases goes with the next push.
 */
function storeAcknowledgedRuns(tx: WriteTx, runs: readonly AcknowledgedRun[]): void {
  if (runs.length === 0) return;
  const { named, held } = runNumbers(tx, runs);
  // Only a change of the store between the check and this transaction gets here: the next cycle asks the page again.
  if (held !== named) throw new SyncFailure('GARBAGE', `拉取的本页列出本机事件 ${named} 条，本机按编号只找到 ${held} 条：本页未保存，稍后自动重新拉取，办件都保存在本机。`);
  tx.run(
    `DELETE FROM outbox WHERE message_id IN (SELECT o.event_id FROM json_each(?) j JOIN case_event_order o
        ON o.case_id = j.value ->> 0 AND o.central_seq BETWEEN j.value ->> 1 AND j.value ->> 2)`,
    runsParameter(runs),
  );
  releaseWaiting(tx, new Set(runs.map((r) => r.caseId)));
}

/**
 * One pulled page and the cursor after it: the caller runs this in one write transaction.
 * `received` counts the events it brought that this PC did not hold (an echo of its own is not news).
 */
export function applyPulledPage(tx: WriteTx, calendar: WorkCalendar, page: Pick<PullResponse, 'events' | 'acknowledged' | 'acknowledgedRuns' | 'cases' | 'users' | 'cursor'>): Touched & { received: number } {
  applyCentreUsers(tx, page.users);
  const touched = storeCentralEvents(tx, calendar, page.events, page.cases);
  storeAcknowledged(tx, page.acknowledged ?? [], touched);
  storeAcknowledgedRuns(tx, page.acknowledgedRuns ?? []);
  refoldCases(tx, calendar, touched, touched.projected);
  tx.run('UPDATE sync_link SET cursor = ? WHERE id = 1', page.cursor);
  return touched;
}
