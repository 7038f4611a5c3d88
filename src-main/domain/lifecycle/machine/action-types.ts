/**
 * Actions: what a person can do to a case. One per event type, except that the review step event
 * is three actions (承办, 审核, 批准), because people see and are refused them separately.
 */
import { type CaseStatus } from '../../cases/status.ts';
import { REVIEW_STEP_LABELS } from '../../catalogue/schema.ts';
import { caseEventTypes, type CaseEvent, type CaseEventType, type ReviewStep } from '../events.ts';

export const reviewStepActions = ['review.undertake', 'review.check', 'review.approve'] as const;
export type ReviewStepAction = (typeof reviewStepActions)[number];

export type ActionType = Exclude<CaseEventType, 'review.stepCompleted'> | ReviewStepAction;
/** Every action, in the event types' order, the review step event standing for its three steps. */
export const actionTypes: readonly ActionType[] = caseEventTypes.flatMap((type): readonly ActionType[] => (type === 'review.stepCompleted' ? reviewStepActions : [type]));

export const actionLabels: Record<ActionType, string> = {
  'intake.accepted': '受理',
  'intake.notice': '一次性告知',
  'intake.refused': '不予受理',
  'notice.completed': '补齐后受理',
  'case.transferred': '流转',
  'immediate.decided': '即办',
  'review.claimed': '认领',
  'review.reassigned': '改派',
  'review.released': '取消认领',
  'review.undertake': REVIEW_STEP_LABELS[0],
  'review.check': REVIEW_STEP_LABELS[1],
  'review.approve': REVIEW_STEP_LABELS[2],
  'review.supplementRequested': '退回补正',
  'intake.supplementProvided': '补正收件',
  'review.specialStarted': '启动特别程序',
  'review.specialEnded': '结束特别程序',
  'review.decided': '作出决定',
  'handover.delivered': '出件',
  'case.closed': '办结',
  'rating.given': '评价',
  'case.withdrawn': '撤件',
  'case.voided': '作废',
  'supervision.flagged': '督办',
  'supervision.unflagged': '取消督办',
  note: '备注',
  'document.printed': '打印',
};

/** Marks and records around the case: allowed alongside the workflow, never listed as "what next". */
export const annotationActions = ['supervision.flagged', 'supervision.unflagged', 'note', 'document.printed'] as const satisfies readonly ActionType[];

/**
 * Exactly what may still happen to a terminal case. None changes the status, the review
 * record, the decision, the pauses or the clock: a note or a reprint is a record of what was
 * done, 评价 follows 办结 by design (一次一评, only for closed cases, once), and a 督办 mark
 * left on a case that ended can be taken off (but not put on).
 */
export const afterTerminalActions = ['rating.given', 'supervision.unflagged', 'note', 'document.printed'] as const satisfies readonly ActionType[];

export const terminalStatuses = ['refused', 'closed', 'withdrawn', 'voided'] as const satisfies readonly CaseStatus[];
export function isTerminalStatus(status: CaseStatus | null): boolean {
  return status === 'refused' || status === 'closed' || status === 'withdrawn' || status === 'voided';
}

export function stepAction(step: ReviewStep): ReviewStepAction {
  return reviewStepActions[step - 1] as ReviewStepAction;
}

export function actionOf(event: CaseEvent): ActionType {
  return event.type === 'review.stepCompleted' ? stepAction(event.payload.step) : event.type;
}

/** The label a timeline shows for an event (承办/审核/批准 for the step event). */
export function eventLabel(event: CaseEvent): string {
  return actionLabels[actionOf(event)];
}
