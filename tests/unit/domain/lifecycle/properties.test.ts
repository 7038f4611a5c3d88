/**
 * Property-based tests of the lifecycle over random event sequences: people act at random,
 * mostly as the UI allows them (from `allowedActions`), sometimes anything at all, sometimes
 * with a broken payload. The state machine must accept exactly what it allows, refuse the rest
 * without changing anything, replay to the same state, keep paused time off the clock, and
 * always leave a way to one terminal state that then never changes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseStatusLabels } from '../../../../src-main/domain/cases/status.ts';
import { AppError } from '../../../../src-main/domain/errors.ts';
import type { CaseEvent } from '../../../../src-main/domain/lifecycle/events.ts';
import {
  actionLabels,
  actionOf,
  actionTypes,
  afterTerminalActions,
  allowedActions,
  annotationActions,
  applyEvent,
  isTerminalStatus,
  queueOf,
  type ActionType,
  type LifecycleActor as Actor,
} from '../../../../src-main/domain/lifecycle/machine.ts';
import { foldCase } from '../../../../src-main/domain/lifecycle/machine.ts';
import { initialState, type CaseState } from '../../../../src-main/domain/lifecycle/state.ts';
import { timeLimitDueDate, timeLimitStatus } from '../../../../src-main/domain/lifecycle/time.ts';
import { fromDayNumber, toDayNumber } from '../../../../src-main/domain/time/iso-date.ts';
import {
  acceptance,
  at,
  calendar2026 as cal,
  clerk,
  ev,
  eventFor,
  everyone,
  reviewer,
  run,
  supervisor,
  type Variant,
} from './fixtures.ts';

const staff = everyone.filter((a) => a.role !== null && a.role !== 'admin');

// ---------------------------------------------------------------------------------------------
// Random runs

interface Attempt {
  actor: number;
  pick: number;
  /** legal: a workflow action someone may take; annotate: a note/print/督办 someone may take;
   *  any: any person, any action; corrupt: an allowed action with a broken payload. */
  mode: 'legal' | 'annotate' | 'any' | 'corrupt';
  /** 0–9: below 5 a legal pick moves forward when it can, below 8 it avoids the exits
   *  (不予受理, 撤件, 作废), so runs reach the later states as well as the detours. */
  bias: number;
  variant: Variant;
  gapMinutes: number;
}

const variantArb: fc.Arbitrary<Variant> = fc.record({
  matterKind: fc.constantFrom('immediate' as const, 'promised' as const),
  reviewSteps: fc.constantFrom(1 as const, 2 as const, 3 as const),
  outcome: fc.constantFrom('granted' as const, 'denied' as const),
  method: fc.constantFrom('window' as const, 'post' as const, 'electronic' as const),
  level: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const, 5 as const),
  toReviewer: fc.constantFrom(0 as const, 1 as const),
  intake: fc.constantFrom(0 as const, 1 as const, 2 as const),
});

const attemptArb: fc.Arbitrary<Attempt> = fc.record({
  actor: fc.nat({ max: everyone.length - 1 }),
  pick: fc.nat({ max: 1_000 }),
  mode: fc.constantFrom('legal' as const, 'legal' as const, 'legal' as const, 'legal' as const, 'annotate' as const, 'any' as const, 'corrupt' as const),
  bias: fc.nat({ max: 9 }),
  variant: variantArb,
  gapMinutes: fc.integer({ min: 1, max: 3 * 24 * 60 }),
});

/** Breaks an event's payload so the state machine must refuse it; null when it has nothing to break. */
function corrupt(e: CaseEvent, s: CaseState): CaseEvent | null {
  switch (e.type) {
    case 'intake.accepted':
      return { ...e, payload: { ...e.payload, dueDate: '2026-02-30' } };
    case 'notice.completed':
      return { ...e, payload: { ...e.payload, caseNumber: `${s.caseNumber ?? ''}X` } };
    case 'intake.notice':
      return { ...e, payload: { ...e.payload, missing: [] } };
    case 'intake.refused':
    case 'case.withdrawn':
    case 'case.voided':
      return { ...e, payload: { ...e.payload, reason: ' ' } } as CaseEvent;
    case 'review.claimed':
      return { ...e, payload: { assigneeId: `${e.actorId ?? ''}-other` } };
    case 'review.reassigned':
      return { ...e, payload: { ...e.payload, fromId: `${s.assigneeId ?? 'none'}-stale` } };
    case 'review.stepCompleted':
      return { ...e, payload: { ...e.payload, opinion: '' } };
    case 'review.supplementRequested':
    case 'intake.supplementProvided':
      return { ...e, payload: { items: [] } } as CaseEvent;
    case 'review.specialStarted':
      return { ...e, payload: { ...e.payload, reason: '\t' } };
    case 'review.specialEnded':
      return { ...e, payload: { result: '' } };
    case 'review.decided':
    case 'immediate.decided':
      return { ...e, payload: { outcome: 'denied' } } as CaseEvent;
    case 'handover.delivered':
      return { ...e, payload: { method: 'post', address: '大连' } };
    case 'rating.given':
      return { ...e, payload: { level: 0 as 1 } };
    case 'supervision.flagged':
      return { ...e, payload: { note: '' } };
    case 'note':
      return { ...e, payload: { text: ' ' } };
    case 'document.printed':
      return { ...e, payload: { ...e.payload, copyNumber: 0 } };
    case 'case.transferred':
    case 'review.released':
    case 'case.closed':
    case 'supervision.unflagged':
      return null;
  }
}

interface Step {
  before: CaseState;
  actor: Actor;
  action: ActionType;
  event: CaseEvent;
}

interface Outcome {
  states: CaseState[];
  accepted: Step[];
  final: CaseState;
}

/** Drives a case forward by the ordinary workflow only (no 撤件/作废): it must reach 办结. */
const forward: readonly ActionType[] = [
  'intake.accepted',
  'notice.completed',
  'case.transferred',
  'intake.supplementProvided',
  'review.specialEnded',
  'review.claimed',
  'review.undertake',
  'review.check',
  'review.approve',
  'review.decided',
  'handover.delivered',
  'case.closed',
];

const exits: readonly ActionType[] = ['intake.refused', 'case.withdrawn', 'case.voided'];
const isAnnotation = (a: ActionType) => (annotationActions as readonly ActionType[]).includes(a);

function simulate(attempts: readonly Attempt[]): Outcome {
  let s = initialState;
  let clock = Date.parse('2026-01-05T01:00:00.000Z');
  const states: CaseState[] = [s];
  const accepted: Step[] = [];
  for (const attempt of attempts) {
    clock += attempt.gapMinutes * 60_000;
    const when = new Date(clock).toISOString();
    let actor = everyone[attempt.actor] as Actor;
    let action: ActionType;
    if (attempt.mode === 'any') {
      action = actionTypes[attempt.pick % actionTypes.length] as ActionType;
    } else {
      const pairs = everyone.flatMap((a) =>
        allowedActions(s, a)
          .filter((x) => (attempt.mode === 'annotate' ? isAnnotation(x) : !isAnnotation(x)))
          .filter((x) => attempt.bias >= 8 || !exits.includes(x))
          .map((x) => [a, x] as const),
      );
      const ahead = attempt.bias < 5 ? pairs.filter(([, x]) => forward.includes(x)) : [];
      const choice = ahead.length > 0 ? ahead : pairs;
      const pair = choice[attempt.pick % Math.max(1, choice.length)];
      if (pair === undefined) continue;
      [actor, action] = pair;
    }
    let event = eventFor(s, actor, action, when, attempt.variant);
    const wasAllowed = isAllowed(s, actor, action);
    let broken = false;
    if (attempt.mode === 'corrupt') {
      const bad = corrupt(event, s);
      if (bad !== null) {
        event = bad;
        broken = true;
      }
    }
    let next: CaseState;
    try {
      next = applyEvent(s, event, { mayDecideImmediately: actor.mayDecideImmediately });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      // Refused: allowed actions fail only on a broken payload; the rest fail as CONFLICT naming the state and the action.
      expect(wasAllowed && !broken, `${s.status} ${actor.userId} ${action}: ${e.message}`).toBe(false);
      if (!wasAllowed) {
        expect(e.code).toBe('CONFLICT');
        expect(e.message).toContain(s.status === null ? '办件尚未登记' : `办件当前为「${caseStatusLabels[s.status]}」`);
        expect(e.message).toContain(`「${actionLabels[action]}」`);
      } else {
        expect(['VALIDATION', 'CONFLICT']).toContain(e.code);
      }
      continue;
    }
    expect(wasAllowed && !broken, `accepted ${s.status} ${actor.userId} ${action}${broken ? ' (broken payload)' : ''}`).toBe(true);
    accepted.push({ before: s, actor, action: actionOf(event), event });
    s = next;
    states.push(s);
  }
  return { states, accepted, final: s };
}

function isAllowed(s: CaseState, actor: Actor, action: ActionType): boolean {
  return allowedActions(s, actor).includes(action);
}

/** Facts about a state that must hold whatever happened before. */
function checkInvariants(s: CaseState): void {
  expect(s.terminal).toBe(isTerminalStatus(s.status));
  expect(s.stepsDone.length).toBeLessThanOrEqual(s.stepsRequired);
  expect(s.stepsDone.map((d) => d.step)).toEqual(s.stepsDone.map((_, i) => i + 1));
  const open = s.pauses.filter((p) => p.to === null);
  expect(open.length).toBe(s.status === 'supplement' || s.status === 'special' ? 1 : 0);
  if (s.status === 'supplement' || s.status === 'special' || (s.status === 'in_review' && s.stepsDone.length > 0)) {
    expect(s.acceptedDate).not.toBeNull();
  }
  if (s.status === 'supplement' || s.status === 'special') expect(s.assigneeId).not.toBeNull();
  if (s.status === 'decided' || s.status === 'delivered' || s.status === 'closed') {
    expect(s.decision).not.toBeNull();
    expect(s.clockStoppedDate).not.toBeNull();
    if (s.decision?.by === 'review') expect(s.stepsDone.length).toBe(s.stepsRequired);
  }
  if (s.rating !== null) expect(['delivered', 'closed', 'voided']).toContain(s.status);
  expect(s.supplementRounds).toBe(s.pauses.filter((p) => p.kind === 'supplement').length);
  const q = queueOf(s);
  if (q !== null) expect(s.acceptedDate).not.toBeNull();
}

const attemptsArb = fc.array(attemptArb, { minLength: 1, maxLength: 80, size: 'max' });

// ---------------------------------------------------------------------------------------------

describe('(a) the derived state never breaks the state machine', () => {
  it('accepts exactly what allowedActions offers, refuses the rest unchanged, and replays to the same state', () => {
    fc.assert(
      fc.property(attemptsArb, (attempts) => {
        const { states, accepted, final } = simulate(attempts);
        for (const step of accepted) expect(isAllowed(step.before, step.actor, step.action)).toBe(true);
        expect(foldCase(accepted.map((a) => a.event))).toEqual(final);
        // Any prefix of the accepted log replays to the state reached at that point.
        const cut = accepted.length >> 1;
        expect(foldCase(accepted.slice(0, cut).map((a) => a.event))).toEqual(states[cut]);
        states.forEach(checkInvariants);
        // One terminal state: once reached, the status never changes again.
        const firstEnd = states.findIndex((s) => s.terminal);
        if (firstEnd >= 0) for (const s of states.slice(firstEnd)) expect(s.status).toBe(states[firstEnd]?.status);
      }),
      { numRuns: 300 },
    );
  });

  it('a log with one event removed either replays or is refused by the state machine, never half-applied', () => {
    fc.assert(
      fc.property(attemptsArb, fc.nat(), (attempts, drop) => {
        const { accepted } = simulate(attempts);
        if (accepted.length === 0) return;
        const log = accepted.map((a) => a.event);
        log.splice(drop % log.length, 1);
        try {
          const s = foldCase(log);
          checkInvariants(s);
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
          expect(['CONFLICT', 'VALIDATION']).toContain((e as AppError).code);
        }
      }),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------

function driveToEnd(start: CaseState): CaseState {
  let s = start;
  for (let i = 0; i < 20 && !s.terminal; i++) {
    let moved = false;
    for (const action of forward) {
      const actor = staff.find((a) => isAllowed(s, a, action));
      if (actor === undefined) continue;
      s = applyEvent(s, eventFor(s, actor, action, at('2026-06-01', i)), { mayDecideImmediately: actor.mayDecideImmediately });
      moved = true;
      break;
    }
    if (!moved) break;
  }
  return s;
}

/** What a terminal case must keep, whatever is still recorded on it. */
const lifecycleFacts = (s: CaseState) => ({
  status: s.status,
  terminal: s.terminal,
  assigneeId: s.assigneeId,
  stepsDone: s.stepsDone,
  decision: s.decision,
  pauses: s.pauses,
  acceptedAt: s.acceptedAt,
  baseDueDate: s.baseDueDate,
  clockStoppedDate: s.clockStoppedDate,
  delivery: s.delivery,
  endReason: s.endReason,
  closedAt: s.closedAt,
});

describe('(c) every case can end in exactly one terminal state', () => {
  it('from any reachable state: 作废 is one step away, and the ordinary workflow reaches 办结', () => {
    fc.assert(
      fc.property(attemptsArb, (attempts) => {
        for (const s of simulate(attempts).states) {
          if (s.terminal) continue;
          if (s.status !== null) expect(isAllowed(s, supervisor, 'case.voided')).toBe(true);
          const end = driveToEnd(s);
          expect(end.status, `stuck in ${s.status}`).toBe('closed');
        }
      }),
      { numRuns: 150 },
    );
  });

  it('once terminal, only afterTerminalActions are allowed, for anyone, and they change no lifecycle fact', () => {
    fc.assert(
      fc.property(attemptsArb, variantArb, (attempts, variant) => {
        const { states, final: last } = simulate(attempts);
        const ends = states.filter((s) => s.terminal);
        // Every run checks terminal states: those it reached, and the two ends of where it stopped.
        if (!last.terminal && last.status !== null) ends.push(driveToEnd(last), applyEvent(last, ev('case.voided', supervisor, { reason: '测试' })));
        for (const s of ends) {
          for (const actor of everyone) {
            for (const action of actionTypes) {
              if (!isAllowed(s, actor, action)) continue;
              expect((afterTerminalActions as readonly ActionType[]).includes(action), `${s.status}: ${action}`).toBe(true);
              const after = applyEvent(s, eventFor(s, actor, action, at('2026-07-01'), variant));
              expect(lifecycleFacts(after)).toEqual(lifecycleFacts(s));
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

// ---------------------------------------------------------------------------------------------

const date = (offset: number) => fromDayNumber((toDayNumber('2026-01-02') ?? 0) + offset);

interface PausePlan {
  gap: number;
  k: number;
  kind: 'supplement' | 'special';
}

/** A case accepted on `start`, in review, with the planned pauses; returns the state and the date the last pause ended. */
function withPauses(start: string, limit: number, plans: readonly PausePlan[], unit: 'working' | 'calendar' = 'working') {
  const add = (d: string, n: number) => (unit === 'working' ? cal.addWorkingDays(d, n) : cal.addCalendarDays(d, n));
  let s = run([
    ev('intake.accepted', clerk, acceptance({ dueDate: cal.dueDate(start, limit, unit), limit: { value: limit, unit } }), at(start)),
    ev('case.transferred', clerk, {}, at(start, 1)),
    ev('review.claimed', reviewer, { assigneeId: 'r1' }, at(start, 2)),
  ]);
  let cursor = start;
  for (const plan of plans) {
    const from = add(cursor, plan.gap);
    const to = add(from, plan.k);
    s = run(
      plan.kind === 'supplement'
        ? [
            ev('review.supplementRequested', reviewer, { items: [{ name: '章程' }] }, at(from, 10)),
            ev('intake.supplementProvided', clerk, { items: [{ name: '章程' }] }, at(to, 20)),
          ]
        : [
            ev('review.specialStarted', reviewer, { kind: 'expert', reason: '专家评审' }, at(from, 10)),
            ev('review.specialEnded', reviewer, { result: '通过' }, at(to, 20)),
          ],
      s,
    );
    cursor = to;
  }
  return { state: s, lastEnd: cursor };
}

const planArb = fc.record({
  gap: fc.integer({ min: 0, max: 8 }),
  k: fc.integer({ min: 0, max: 8 }),
  kind: fc.constantFrom('supplement' as const, 'special' as const),
});

describe('(b) paused time never counts toward the limit', () => {
  it('inserting a pause of k working days moves the due date k working days later and leaves used and days left unchanged', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 30 }),
        planArb.map((p) => p.kind),
        (startOffset, limit, gap, k, j, kind) => {
          const start = date(startOffset);
          const plain = withPauses(start, limit, []).state;
          const paused = withPauses(start, limit, [{ gap, k, kind }]);
          const pauseStart = cal.addWorkingDays(start, gap);
          // The same amount of work done: j working days after the pause started (or ended).
          const a = timeLimitStatus(plain, cal, cal.addWorkingDays(pauseStart, j));
          const b = timeLimitStatus(paused.state, cal, cal.addWorkingDays(paused.lastEnd, j));
          expect(b?.dueDate).toBe(cal.addWorkingDays(a?.dueDate ?? '', k));
          expect(b?.used).toBe(a?.used);
          expect(b?.daysLeft).toBe(a?.daysLeft);
          expect(b?.level).toBe(a?.level);
          expect(b?.paused).toBe(k);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('with any number of pauses: paused = Σk, due = base + Σk working days, used + daysLeft = limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 30 }),
        fc.array(planArb, { maxLength: 4 }),
        fc.integer({ min: 0, max: 30 }),
        (startOffset, limit, plans, j) => {
          const start = date(startOffset);
          const { state, lastEnd } = withPauses(start, limit, plans);
          const total = plans.reduce((n, p) => n + p.k, 0);
          const today = cal.addWorkingDays(lastEnd, j);
          const t = timeLimitStatus(state, cal, today);
          expect(t?.paused).toBe(total);
          expect(t?.dueDate).toBe(cal.addWorkingDays(state.baseDueDate ?? '', total));
          // The list columns keep the due date alone, computed without the counts of days.
          expect(timeLimitDueDate(state, cal, today)).toBe(t?.dueDate);
          expect(t?.used).toBe(cal.workingDaysBetween(start, today) - total);
          expect((t?.used ?? 0) + (t?.daysLeft ?? 0)).toBe(limit);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('for calendar-day limits, a pause of k days moves the due date k days and leaves used unchanged', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 40 }),
        (startOffset, limit, gap, k, j) => {
          const start = date(startOffset);
          const plain = withPauses(start, limit, [], 'calendar').state;
          const paused = withPauses(start, limit, [{ gap, k, kind: 'supplement' }], 'calendar');
          const a = timeLimitStatus(plain, cal, cal.addCalendarDays(start, gap + j));
          const b = timeLimitStatus(paused.state, cal, cal.addCalendarDays(paused.lastEnd, j));
          expect(b?.dueDate).toBe(cal.addCalendarDays(a?.dueDate ?? '', k));
          expect(b?.used).toBe(a?.used);
          expect(b?.daysLeft).toBe(a?.daysLeft);
          expect((b?.used ?? 0) + (b?.daysLeft ?? 0)).toBe(limit);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('while a pause is open, used and days left stand still', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 20 }), (startOffset, limit, gap, k) => {
        const start = date(startOffset);
        const from = cal.addWorkingDays(start, gap);
        const { state } = withPauses(start, limit, []);
        const s = applyEvent(state, ev('review.supplementRequested', reviewer, { items: [{ name: '章程' }] }, at(from, 10)));
        const first = timeLimitStatus(s, cal, from);
        const later = timeLimitStatus(s, cal, cal.addWorkingDays(from, k));
        expect(later).toMatchObject({ used: first?.used, daysLeft: first?.daysLeft, paused: k, clock: 'paused' });
      }),
      { numRuns: 200 },
    );
  });
});
