/** What each case event carries, its labels, and the cross-field rules the schemas and the state machine share. */
import { type Role } from '../auth/roles.ts';
import { type LimitUnit, type MatterKind } from '../catalogue/schema.ts';

export type ReviewStep = 1 | 2 | 3;
export type DecisionOutcome = 'granted' | 'denied';
export type SpecialKind = 'hearing' | 'inspection' | 'expert' | 'other';
export type DeliveryMethod = 'window' | 'post' | 'electronic';
export type RatingLevel = 1 | 2 | 3 | 4 | 5;

export const decisionOutcomeLabels: Record<DecisionOutcome, string> = { granted: '准予许可', denied: '不予许可' };
export const specialKinds = ['hearing', 'inspection', 'expert', 'other'] as const satisfies readonly SpecialKind[];
export const specialKindLabels: Record<SpecialKind, string> = { hearing: '听证', inspection: '现场核查', expert: '专家评审', other: '其他' };
export const deliveryMethods = ['window', 'post', 'electronic'] as const satisfies readonly DeliveryMethod[];
export const deliveryMethodLabels: Record<DeliveryMethod, string> = { window: '窗口领取', post: '邮寄送达', electronic: '电子送达' };
/** 好差评 levels, 5 best. */
export const ratingLevelLabels: Record<RatingLevel, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };

/** The window accepts (受理): the clock starts. notice.completed carries the same facts. */
export interface AcceptancePayload {
  caseNumber: string;
  /** 'yyyy-mm-dd', computed with the work calendar when the case was accepted; pauses extend it. */
  dueDate: string;
  limit: { value: number; unit: LimitUnit };
  matterKind: MatterKind;
  /** How many of 承办 → 审核 → 批准 the matter uses (the first `reviewSteps`). */
  reviewSteps: ReviewStep;
}
export interface MissingMaterial {
  key: string;
  name: string;
  status: 'missing' | 'deferred';
}
export interface NoticePayload {
  caseNumber: string;
  missing: MissingMaterial[];
}
export interface RefusalPayload {
  caseNumber: string;
  reason: string;
}
export type EmptyPayload = Record<never, never>;
export interface ClaimPayload {
  assigneeId: string;
}
export interface ReassignPayload {
  /** The assignee the supervisor saw; null = unassigned (指派). A mismatch means someone acted meanwhile. */
  fromId: string | null;
  toId: string;
  /**
   * The new assignee's name as the supervisor's PC knew it: a PC or the gateway that has no
   * account for them yet still names them in the queue and the timeline.
   */
  toName?: string | null;
}
export interface StepPayload {
  step: ReviewStep;
  opinion: string;
}
export interface SupplementItem {
  name: string;
  note?: string;
}
export interface SupplementRequestPayload {
  items: SupplementItem[];
}
export interface SupplementProvidedPayload {
  items: SupplementItem[];
}
export interface SpecialStartPayload {
  kind: SpecialKind;
  reason: string;
}
export interface SpecialEndPayload {
  result: string;
}
export interface DecisionPayload {
  outcome: DecisionOutcome;
  /** Required for 不予许可: the 决定书 states the reason and the appeal rights. */
  reason?: string;
}
export interface DeliveryPayload {
  method: DeliveryMethod;
  collectorName?: string;
  /** Masked as on every list (e.g. 2102**********123X): the full number never enters the log. */
  collectorIdMasked?: string;
  address?: string;
  trackingNumber?: string;
}
export interface RatingIndicators {
  efficiency: RatingLevel;
  competence: RatingLevel;
  attitude: RatingLevel;
}
export interface RatingPayload {
  level: RatingLevel;
  indicators?: RatingIndicators;
  comment?: string;
}
export interface ReasonPayload {
  reason: string;
}
export interface FlagPayload {
  note: string;
}
export interface NotePayload {
  text: string;
}
export interface PrintPayload {
  /** Open set ('acceptance', 'notice', 'refusal', 'handover', …): new notices must not break old logs. */
  document: string;
  copyNumber: number;
}

export interface CaseEventPayloads {
  'intake.accepted': AcceptancePayload;
  'intake.notice': NoticePayload;
  'intake.refused': RefusalPayload;
  'notice.completed': AcceptancePayload;
  'case.transferred': EmptyPayload;
  'review.claimed': ClaimPayload;
  'review.reassigned': ReassignPayload;
  'review.released': EmptyPayload;
  'review.stepCompleted': StepPayload;
  'review.supplementRequested': SupplementRequestPayload;
  'intake.supplementProvided': SupplementProvidedPayload;
  'review.specialStarted': SpecialStartPayload;
  'review.specialEnded': SpecialEndPayload;
  'review.decided': DecisionPayload;
  'immediate.decided': DecisionPayload;
  'handover.delivered': DeliveryPayload;
  'case.closed': EmptyPayload;
  'rating.given': RatingPayload;
  'case.withdrawn': ReasonPayload;
  'case.voided': ReasonPayload;
  'supervision.flagged': FlagPayload;
  'supervision.unflagged': EmptyPayload;
  note: NotePayload;
  'document.printed': PrintPayload;
}
export type CaseEventType = keyof CaseEventPayloads;

/** Every event type, in the order the actions are offered (action-types.ts derives its list from this one). */
export const caseEventTypes = [
  'intake.accepted',
  'intake.notice',
  'intake.refused',
  'notice.completed',
  'case.transferred',
  'immediate.decided',
  'review.claimed',
  'review.reassigned',
  'review.released',
  'review.stepCompleted',
  'review.supplementRequested',
  'intake.supplementProvided',
  'review.specialStarted',
  'review.specialEnded',
  'review.decided',
  'handover.delivered',
  'case.closed',
  'rating.given',
  'case.withdrawn',
  'case.voided',
  'supervision.flagged',
  'supervision.unflagged',
  'note',
  'document.printed',
] as const satisfies readonly CaseEventType[];

interface EventEnvelope<K extends CaseEventType> {
  type: K;
  /** ISO 8601 instant, as the device's clock saw it. */
  at: string;
  /** null only for the applicant's own act (the rating pad, an online 好差评). */
  actorId: string | null;
  actorRole: Role | null;
}
export type CaseEvent = { [K in CaseEventType]: EventEnvelope<K> & { payload: CaseEventPayloads[K] } }[CaseEventType];
export type CaseEventOf<K extends CaseEventType> = Extract<CaseEvent, { type: K }>;

// ---------------------------------------------------------------------------------------------
// Cross-field rules, shared by the schemas (sync) and the state machine (typed events)

export interface PayloadProblem {
  field: string;
  message: string;
}

const blank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

/** 不予许可 without a reason would produce a 决定书 the applicant cannot appeal against. */
export function decisionProblem(p: DecisionPayload): PayloadProblem | null {
  if (p.outcome === 'denied' && blank(p.reason)) return { field: 'reason', message: '不予许可须写明理由（决定书须载明理由及申请人的救济权利）' };
  return null;
}

/** Each method's proof of delivery: who collected, or where it was posted and how to trace it. */
export function deliveryProblem(p: DeliveryPayload): PayloadProblem | null {
  if (p.method === 'window' && blank(p.collectorName)) return { field: 'collectorName', message: '窗口领取须登记领取人姓名' };
  if (p.method === 'post') {
    if (blank(p.address)) return { field: 'address', message: '邮寄送达须填写邮寄地址' };
    if (blank(p.trackingNumber)) return { field: 'trackingNumber', message: '邮寄送达须填写快递单号' };
  }
  if (p.collectorIdMasked !== undefined && !p.collectorIdMasked.includes('*')) {
    return { field: 'collectorIdMasked', message: '领取人证件号码须脱敏后登记（如 2102**********123X），不得记录完整号码' };
  }
  return null;
}
