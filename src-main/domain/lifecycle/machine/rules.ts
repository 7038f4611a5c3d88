/**
 * The transitions table: for each action, the statuses it starts from, who may take it, whether
 * only the reviewer holding the case may, and the further condition (guard) on the case.
 */
import { type Role } from '../../auth/roles.ts';
import { type CaseStatus } from '../../cases/status.ts';
import { REVIEW_STEP_LABELS } from '../../catalogue/schema.ts';
import { type ReviewStep } from '../events.ts';
import { type CaseState } from '../state.ts';
import { type ActionType } from './action-types.ts';

const open: readonly CaseStatus[] = ['notice', 'accepted', 'in_review', 'supplement', 'special', 'decided', 'delivered'];
const everyStatus: readonly CaseStatus[] = [...open, 'refused', 'closed', 'withdrawn', 'voided'];
const staff: readonly (Role | null)[] = ['clerk', 'reviewer', 'supervisor'];

export interface Rule {
  /** Statuses the action starts from; null = the case is not registered yet. */
  from: readonly (CaseStatus | null)[];
  roles: readonly (Role | null)[];
  /** Only the reviewer holding the case (受审分离: the assignee answers for the review). */
  assigneeOnly?: true;
  /** A further condition on the case, whoever asks; returns why not (Chinese), or null. */
  when?: (s: CaseState) => string | null;
}

/** Steps only the assignee takes need one: a case nobody holds has nobody to take them. */
const requiresAssignee = (s: CaseState): string | null => (s.assigneeId === null ? '尚未认领' : null);

function stepCondition(step: ReviewStep) {
  return (s: CaseState): string | null => {
    if (step > s.stepsRequired) {
      const used = REVIEW_STEP_LABELS.slice(0, s.stepsRequired).join('、');
      return `本事项只设${s.stepsRequired}个审查环节（${used}）`;
    }
    if (s.stepsDone.length >= step) return `「${REVIEW_STEP_LABELS[step - 1]}」已完成`;
    if (s.stepsDone.length < step - 1) return `尚未完成「${REVIEW_STEP_LABELS[s.stepsDone.length]}」`;
    return requiresAssignee(s);
  };
}

export const rules: Record<ActionType, Rule> = {
  'intake.accepted': { from: [null], roles: ['clerk'] },
  'intake.notice': { from: [null], roles: ['clerk'] },
  'intake.refused': { from: [null], roles: ['clerk'] },
  'notice.completed': { from: ['notice'], roles: ['clerk'] },
  'case.transferred': { from: ['accepted'], roles: ['clerk'] },
  'immediate.decided': {
    from: ['accepted'],
    roles: ['clerk'],
    when: (s) => (s.matterKind === 'immediate' ? null : '本件为承诺件，须流转后台审查'),
  },
  'review.claimed': {
    from: ['in_review'],
    roles: ['reviewer'],
    when: (s) => (s.assigneeId === null ? null : `已由 ${s.assigneeId} 认领`),
  },
  'review.reassigned': { from: ['in_review', 'supplement', 'special'], roles: ['supervisor'] },
  'review.released': { from: ['in_review'], roles: ['reviewer'], assigneeOnly: true, when: requiresAssignee },
  'review.undertake': { from: ['in_review'], roles: ['reviewer'], assigneeOnly: true, when: stepCondition(1) },
  'review.check': { from: ['in_review'], roles: ['reviewer'], assigneeOnly: true, when: stepCondition(2) },
  'review.approve': { from: ['in_review'], roles: ['reviewer'], assigneeOnly: true, when: stepCondition(3) },
  'review.supplementRequested': { from: ['in_review'], roles: ['reviewer'], assigneeOnly: true, when: requiresAssignee },
  'intake.supplementProvided': { from: ['supplement'], roles: ['clerk'] },
  'review.specialStarted': { from: ['in_review'], roles: ['reviewer'], assigneeOnly: true, when: requiresAssignee },
  'review.specialEnded': { from: ['special'], roles: ['reviewer'], assigneeOnly: true, when: requiresAssignee },
  'review.decided': {
    from: ['in_review'],
    roles: ['reviewer'],
    assigneeOnly: true,
    when: (s) =>
      s.stepsDone.length < s.stepsRequired ? `尚未完成「${REVIEW_STEP_LABELS[s.stepsDone.length]}」` : requiresAssignee(s),
  },
  'handover.delivered': { from: ['decided'], roles: ['clerk'] },
  'case.closed': { from: ['delivered'], roles: ['clerk', 'supervisor'] },
  'rating.given': {
    from: ['delivered', 'closed'],
    roles: ['clerk', null],
    when: (s) => (s.rating === null ? null : '已评价（一次一评）'),
  },
  'case.withdrawn': { from: ['notice', 'accepted', 'in_review', 'supplement', 'special', 'decided'], roles: ['clerk'] },
  'case.voided': { from: open, roles: ['supervisor'] },
  'supervision.flagged': { from: open, roles: ['supervisor'], when: (s) => (s.flagged ? '已在督办中' : null) },
  'supervision.unflagged': { from: everyStatus, roles: ['supervisor'], when: (s) => (s.flagged ? null : '未被督办') },
  note: { from: everyStatus, roles: staff },
  'document.printed': { from: everyStatus, roles: staff },
};
