/**
 * Shared fixtures for the lifecycle tests: people, event builders and a valid event for any
 * allowed action, so property tests can drive a case through `allowedActions`.
 */
import { readFileSync } from 'node:fs';
import type { CaseEvent, CaseEventOf, CaseEventPayloads, CaseEventType, ReviewStep } from '../../../../src-main/domain/lifecycle/events.ts';
import { applyEvent, reviewStepActions, type ActionType, type LifecycleActor as Actor } from '../../../../src-main/domain/lifecycle/machine.ts';
import { initialState, type CaseState } from '../../../../src-main/domain/lifecycle/state.ts';
import { WorkCalendar } from '../../../../src-main/domain/time/calendar.ts';
import { AppError } from '../../../../src-main/domain/errors.ts';

export const calendar2026 = WorkCalendar.fromYears([
  JSON.parse(readFileSync(new URL('../../../../resources/calendars/2026.json', import.meta.url), 'utf8')) as unknown,
]);

export const clerk: Actor = { userId: 'c1', role: 'clerk', mayDecideImmediately: true };
export const clerkNoRight: Actor = { userId: 'c2', role: 'clerk', mayDecideImmediately: false };
export const reviewer: Actor = { userId: 'r1', role: 'reviewer', mayDecideImmediately: false };
export const reviewer2: Actor = { userId: 'r2', role: 'reviewer', mayDecideImmediately: false };
export const supervisor: Actor = { userId: 's1', role: 'supervisor', mayDecideImmediately: false };
export const admin: Actor = { userId: 'a1', role: 'admin', mayDecideImmediately: false };
/** The applicant at the rating pad: an event with no staff actor. */
export const applicant: Actor = { userId: null, role: null, mayDecideImmediately: false };
export const everyone: readonly Actor[] = [clerk, clerkNoRight, reviewer, reviewer2, supervisor, admin, applicant];

/** An instant whose date in China is `date` (10:00 Beijing time), plus `minutes`. */
export function at(date: string, minutes = 0): string {
  return new Date(Date.parse(`${date}T02:00:00.000Z`) + minutes * 60_000).toISOString();
}

export function ev<K extends CaseEventType>(type: K, actor: Actor, payload: CaseEventPayloads[K], when = at('2026-03-09')): CaseEventOf<K> {
  return { type, at: when, actorId: actor.userId, actorRole: actor.role, payload } as CaseEventOf<K>;
}

export function acceptance(over: Partial<CaseEventPayloads['intake.accepted']> = {}): CaseEventPayloads['intake.accepted'] {
  return { caseNumber: 'N1', dueDate: '2026-03-23', limit: { value: 10, unit: 'working' }, matterKind: 'promised', reviewSteps: 3, ...over };
}

/** Applies events in order as a log replay does (the 即办 right is taken as recorded). */
export function run(events: readonly CaseEvent[], state: CaseState = initialState): CaseState {
  let s = state;
  for (const e of events) s = applyEvent(s, e);
  return s;
}

export function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

/** Random choices a generated event may use; all valid. */
export interface Variant {
  matterKind: 'immediate' | 'promised';
  reviewSteps: ReviewStep;
  outcome: 'granted' | 'denied';
  method: 'window' | 'post' | 'electronic';
  level: 1 | 2 | 3 | 4 | 5;
  toReviewer: 0 | 1;
  intake: 0 | 1 | 2;
}

export const defaultVariant: Variant = { matterKind: 'promised', reviewSteps: 2, outcome: 'granted', method: 'window', level: 5, toReviewer: 0, intake: 0 };

/**
 * A valid event for `action` by `actor` in `state` (it may still be refused if the action is
 * not allowed: that is for the state machine to say).
 */
export function eventFor(state: CaseState, actor: Actor, action: ActionType, when: string, v: Variant = defaultVariant): CaseEvent {
  const accepted = { caseNumber: state.caseNumber ?? 'N1', dueDate: '2026-03-23', limit: { value: v.matterKind === 'immediate' ? 0 : 10, unit: 'working' as const }, matterKind: v.matterKind, reviewSteps: v.reviewSteps };
  const stepIndex = (reviewStepActions as readonly string[]).indexOf(action);
  if (stepIndex >= 0) return ev('review.stepCompleted', actor, { step: (stepIndex + 1) as ReviewStep, opinion: '同意' }, when);
  const decision = v.outcome === 'granted' ? { outcome: 'granted' as const } : { outcome: 'denied' as const, reason: '不符合条件' };
  switch (action) {
    case 'intake.accepted':
      return ev(action, actor, accepted, when);
    case 'intake.notice':
      return ev(action, actor, { caseNumber: 'N1', missing: [{ key: 'id-card', name: '身份证', status: 'missing' }] }, when);
    case 'intake.refused':
      return ev(action, actor, { caseNumber: 'N1', reason: '不属于本中心受理范围' }, when);
    case 'notice.completed':
      return ev(action, actor, accepted, when);
    case 'case.transferred':
    case 'review.released':
    case 'case.closed':
    case 'supervision.unflagged':
      return ev(action, actor, {}, when);
    case 'immediate.decided':
    case 'review.decided':
      return ev(action, actor, decision, when);
    case 'review.claimed':
      return ev(action, actor, { assigneeId: actor.userId ?? 'nobody' }, when);
    case 'review.reassigned':
      return ev(action, actor, { fromId: state.assigneeId, toId: state.assigneeId === 'r1' ? 'r2' : state.assigneeId === 'r2' ? 'r1' : v.toReviewer === 0 ? 'r1' : 'r2' }, when);
    case 'review.supplementRequested':
      return ev(action, actor, { items: [{ name: '营业执照复印件', note: '需加盖公章' }] }, when);
    case 'intake.supplementProvided':
      return ev(action, actor, { items: [{ name: '营业执照复印件' }] }, when);
    case 'review.specialStarted':
      return ev(action, actor, { kind: 'inspection', reason: '需现场核查' }, when);
    case 'review.specialEnded':
      return ev(action, actor, { result: '核查通过' }, when);
    case 'handover.delivered':
      return ev(
        action,
        actor,
        v.method === 'window'
          ? { method: 'window', collectorName: '张三', collectorIdMasked: '2102**********123X' }
          : v.method === 'post'
            ? { method: 'post', address: '大连市中山区人民路1号', trackingNumber: 'SF1234567890' }
            : { method: 'electronic' },
        when,
      );
    case 'rating.given':
      return ev(action, actor, { level: v.level, indicators: { efficiency: v.level, competence: 5, attitude: 4 } }, when);
    case 'case.withdrawn':
      return ev(action, actor, { reason: '申请人申请撤回' }, when);
    case 'case.voided':
      return ev(action, actor, { reason: '重复登记' }, when);
    case 'supervision.flagged':
      return ev(action, actor, { note: '请加快办理' }, when);
    case 'note':
      return ev(action, actor, { text: '申请人来电询问进度' }, when);
    case 'document.printed':
      return ev(action, actor, { document: 'acceptance', copyNumber: 1 }, when);
    case 'review.undertake':
    case 'review.check':
    case 'review.approve':
      throw new Error('handled above');
  }
}
