/**
 * The case as it stands: a pure fold of its event log. Nothing here decides whether an event
 * may happen; `applyEvent` (machine.ts) does, and `foldCase` beside it folds a log through the same checks.
 */
import type { CaseStatus } from '../cases/status.ts';
import type { LimitUnit, MatterKind } from '../catalogue/schema.ts';
import type {
  DecisionOutcome,
  DeliveryMethod,
  MissingMaterial,
  RatingIndicators,
  RatingLevel,
  ReviewStep,
  SpecialKind,
  SupplementItem,
} from './events.ts';

export interface StepRecord {
  step: ReviewStep;
  actorId: string;
  at: string;
  opinion: string;
}

/**
 * A period in which the time limit does not run (补正 or 特别程序). `from`/`to` are the event
 * instants; `fromDate`/`toDate` the same moments as dates in China, which is what time limits
 * count (see time.ts for the day-counting rule).
 */
export interface Pause {
  kind: 'supplement' | 'special';
  from: string;
  fromDate: string;
  to: string | null;
  toDate: string | null;
  /** 补正: the requested materials, joined with 、; 特别程序: the stated reason. */
  reason: string;
  specialKind: SpecialKind | null;
  items: readonly SupplementItem[];
  /** 补正: the materials supplied, joined with 、; 特别程序: the result; null while open. */
  result: string | null;
}

export interface Decision {
  outcome: DecisionOutcome;
  reason: string | null;
  /** 'immediate' = 即办 at the window; 'review' = the back office after its steps. */
  by: 'review' | 'immediate';
  actorId: string | null;
  at: string;
}

export interface Delivery {
  method: DeliveryMethod;
  at: string;
  actorId: string | null;
  collectorName: string | null;
  collectorIdMasked: string | null;
  address: string | null;
  trackingNumber: string | null;
}

export interface Rating {
  level: RatingLevel;
  indicators: RatingIndicators | null;
  comment: string | null;
  at: string;
}

export interface CaseState {
  /** null until the first event (受理 / 一次性告知 / 不予受理) registers the case. */
  status: CaseStatus | null;
  caseNumber: string | null;
  registeredAt: string | null;
  matterKind: MatterKind | null;
  /** The back-office reviewer holding the case; null = in the 待审 queue (or not in review). */
  assigneeId: string | null;
  /** 0 until accepted. */
  stepsRequired: number;
  stepsDone: readonly StepRecord[];
  decision: Decision | null;
  pauses: readonly Pause[];
  supplementRounds: number;
  /** From the one-time notice; kept after acceptance as the record of what was asked. */
  missing: readonly MissingMaterial[];
  acceptedAt: string | null;
  /** 'yyyy-mm-dd' in China (UTC+8): the start day of the time limit, itself not counted. */
  acceptedDate: string | null;
  limit: { value: number; unit: LimitUnit } | null;
  /** The due date written at acceptance; pauses extend it (time.ts). */
  baseDueDate: string | null;
  /** 'yyyy-mm-dd' in China when the clock stopped for good (decided, withdrawn, voided); null while it can run. */
  clockStoppedDate: string | null;
  delivery: Delivery | null;
  closedAt: string | null;
  rating: Rating | null;
  flagged: boolean;
  flagNote: string | null;
  refusalReason: string | null;
  /** Why the case was withdrawn or voided. */
  endReason: string | null;
  /** Refused, closed, withdrawn or voided: only notes, prints, an outstanding rating and un-flagging remain. */
  terminal: boolean;
}

const none: readonly never[] = Object.freeze([]);

export const initialState: CaseState = Object.freeze({
  status: null,
  caseNumber: null,
  registeredAt: null,
  matterKind: null,
  assigneeId: null,
  stepsRequired: 0,
  stepsDone: none,
  decision: null,
  pauses: none,
  supplementRounds: 0,
  missing: none,
  acceptedAt: null,
  acceptedDate: null,
  limit: null,
  baseDueDate: null,
  clockStoppedDate: null,
  delivery: null,
  closedAt: null,
  rating: null,
  flagged: false,
  flagNote: null,
  refusalReason: null,
  endReason: null,
  terminal: false,
});
