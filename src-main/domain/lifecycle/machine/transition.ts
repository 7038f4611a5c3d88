/**
 * Transition: writes the effect of an allowed event into a draft. A draft is a private copy of a
 * state; arrays it `owns` may grow in place (a fold), others are copied on write (applyEvent),
 * so no state a caller holds is ever modified and a fold of n events allocates O(n), not O(n²).
 */
import { type AcceptancePayload, type CaseEvent, type SupplementItem } from '../events.ts';
import { type CaseState, type Pause, type StepRecord } from '../state.ts';
import { chinaDate } from './event-date.ts';

export type Draft = { -readonly [K in keyof CaseState]: CaseState[K] };

function names(items: readonly SupplementItem[]): string {
  let out = '';
  for (const item of items) out = out === '' ? item.name : `${out}、${item.name}`;
  return out;
}

function openPause(d: Draft, owned: boolean, pause: Pause): void {
  if (owned) (d.pauses as Pause[]).push(pause);
  else d.pauses = [...d.pauses, pause];
}

function closeOpenPause(d: Draft, owned: boolean, at: string, result: string): void {
  const i = d.pauses.length - 1;
  const last = d.pauses[i];
  if (last === undefined || last.to !== null) return;
  const closed: Pause = { ...last, to: at, toDate: chinaDate(at), result };
  if (owned) (d.pauses as Pause[])[i] = closed;
  else d.pauses = [...d.pauses.slice(0, i), closed];
}

function accept(d: Draft, e: CaseEvent, p: AcceptancePayload): void {
  d.status = 'accepted';
  d.caseNumber = p.caseNumber;
  d.registeredAt ??= e.at;
  d.matterKind = p.matterKind;
  d.stepsRequired = p.reviewSteps;
  d.acceptedAt = e.at;
  d.acceptedDate = chinaDate(e.at);
  d.limit = { value: p.limit.value, unit: p.limit.unit };
  d.baseDueDate = p.dueDate;
}

/** The clock stops for good at a decision, a withdrawal or a voiding (if it ever started). */
function stopClock(d: Draft, at: string): void {
  if (d.clockStoppedDate === null && d.acceptedDate !== null) d.clockStoppedDate = chinaDate(at);
}

/** Events that record something without changing the case. */
export function changesNothing(e: CaseEvent): boolean {
  return e.type === 'note' || e.type === 'document.printed';
}

export function transition(d: Draft, e: CaseEvent, owned: boolean): void {
  switch (e.type) {
    case 'intake.accepted':
    case 'notice.completed':
      return accept(d, e, e.payload);
    case 'intake.notice':
      d.status = 'notice';
      d.caseNumber = e.payload.caseNumber;
      d.registeredAt = e.at;
      d.missing = e.payload.missing;
      return;
    case 'intake.refused':
      d.status = 'refused';
      d.caseNumber = e.payload.caseNumber;
      d.registeredAt = e.at;
      d.refusalReason = e.payload.reason;
      d.terminal = true;
      return;
    case 'case.transferred':
      d.status = 'in_review';
      d.assigneeId = null;
      return;
    case 'review.claimed':
      d.assigneeId = e.payload.assigneeId;
      return;
    case 'review.reassigned':
      d.assigneeId = e.payload.toId;
      return;
    case 'review.released':
      d.assigneeId = null;
      return;
    case 'review.stepCompleted': {
      const record = { step: e.payload.step, actorId: e.actorId ?? '', at: e.at, opinion: e.payload.opinion };
      if (owned) (d.stepsDone as StepRecord[]).push(record);
      else d.stepsDone = [...d.stepsDone, record];
      return;
    }
    case 'review.supplementRequested':
      d.status = 'supplement';
      d.supplementRounds += 1;
      openPause(d, owned, {
        kind: 'supplement',
        from: e.at,
        fromDate: chinaDate(e.at),
        to: null,
        toDate: null,
        reason: names(e.payload.items),
        specialKind: null,
        items: e.payload.items,
        result: null,
      });
      return;
    case 'intake.supplementProvided':
      d.status = 'in_review';
      return closeOpenPause(d, owned, e.at, names(e.payload.items));
    case 'review.specialStarted':
      d.status = 'special';
      openPause(d, owned, {
        kind: 'special',
        from: e.at,
        fromDate: chinaDate(e.at),
        to: null,
        toDate: null,
        reason: e.payload.reason,
        specialKind: e.payload.kind,
        items: [],
        result: null,
      });
      return;
    case 'review.specialEnded':
      d.status = 'in_review';
      return closeOpenPause(d, owned, e.at, e.payload.result);
    case 'review.decided':
    case 'immediate.decided':
      d.status = 'decided';
      d.decision = {
        outcome: e.payload.outcome,
        reason: e.payload.reason ?? null,
        by: e.type === 'review.decided' ? 'review' : 'immediate',
        actorId: e.actorId,
        at: e.at,
      };
      return stopClock(d, e.at);
    case 'handover.delivered':
      d.status = 'delivered';
      d.delivery = {
        method: e.payload.method,
        at: e.at,
        actorId: e.actorId,
        collectorName: e.payload.collectorName ?? null,
        collectorIdMasked: e.payload.collectorIdMasked ?? null,
        address: e.payload.address ?? null,
        trackingNumber: e.payload.trackingNumber ?? null,
      };
      return;
    case 'case.closed':
      d.status = 'closed';
      d.closedAt = e.at;
      d.terminal = true;
      return;
    case 'rating.given':
      d.rating = { level: e.payload.level, indicators: e.payload.indicators ?? null, comment: e.payload.comment ?? null, at: e.at };
      return;
    case 'case.withdrawn':
    case 'case.voided':
      d.status = e.type === 'case.withdrawn' ? 'withdrawn' : 'voided';
      d.endReason = e.payload.reason;
      // A case withdrawn during 补正 or 特别程序 ends its pause there, so no pause stays open forever.
      closeOpenPause(d, owned, e.at, e.type === 'case.withdrawn' ? '撤件' : '作废');
      stopClock(d, e.at);
      d.terminal = true;
      return;
    case 'supervision.flagged':
      d.flagged = true;
      d.flagNote = e.payload.note;
      return;
    case 'supervision.unflagged':
      d.flagged = false;
      d.flagNote = null;
      return;
    case 'note':
    case 'document.printed':
      return;
  }
}
