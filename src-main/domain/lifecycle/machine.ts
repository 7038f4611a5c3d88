/**
 * The one state machine of a case (受审分离). Every event, whether made at this window, replayed
 * from the log or arriving by sync, goes through `applyEvent`, and the UI's buttons come from
 * `allowedActions`; both ask the same `check`, so the UI never offers what the log would refuse.
 *
 * Transitions (status → status, who):
 *   (none)      受理 → accepted · 一次性告知 → notice · 不予受理 → refused              clerk
 *   notice      补齐后受理 → accepted                                                  clerk
 *   accepted    流转 → in_review (unassigned, queue 待审)                              clerk
 *   accepted    即办 → decided (即办件 only)                                 clerk with 即办 right
 *   in_review   认领 (unassigned only; for oneself)                                   reviewer
 *   in_review   取消认领 → unassigned                                                 the assignee
 *   in_review   承办 → 审核 → 批准 (the matter's first 1–3 steps, in order)            the assignee
 *   in_review   退回补正 → supplement (clock paused)                                  the assignee
 *   supplement  补正收件 → in_review (clock resumes)                                   clerk
 *   in_review   启动特别程序 → special (clock paused)                                  the assignee
 *   special     结束特别程序 → in_review                                               the assignee
 *   in_review   作出决定 (准予/不予许可, after all steps) → decided                    the assignee
 *   in_review, supplement, special   改派/指派 (keeps status)                          supervisor
 *   decided     出件 → delivered                                                      clerk
 *   delivered   办结 → closed                                                         clerk, supervisor
 *   delivered, closed   评价 (once)                                        clerk or the applicant
 *   notice … decided    撤件 → withdrawn                                              clerk
 *   any non-terminal    作废 → voided                                                 supervisor
 *   any non-terminal    督办 (when not flagged); any status: 取消督办 (when flagged)    supervisor
 *   any status          备注, 打印                                      clerk, reviewer, supervisor
 * Terminal: refused, closed, withdrawn, voided. After that only `afterTerminalActions` remain,
 * and none of them changes the status, the review record, the decision or the clock.
 *
 * `applyEvent` checks one event and returns a new state; `applyEvents` (behind `foldCase`) runs
 * the same checks and transitions over a log with one private draft, so a fold allocates per
 * change, not per event.
 */
import { roleLabels, type Role } from '../auth/roles.ts';
import { caseStatusLabels, type CaseStatus } from '../cases/status.ts';
import { REVIEW_STEP_LABELS } from '../catalogue/schema.ts';
import { AppError } from '../errors.ts';
import { dateInChina, isIsoDate } from '../time/iso-date.ts';
import {
  decisionProblem,
  deliveryProblem,
  type AcceptancePayload,
  type CaseEvent,
  type CaseEventType,
  type PayloadProblem,
  type ReviewStep,
  type SupplementItem,
} from './events.ts';
import { initialState, type CaseState, type Pause, type StepRecord } from './state.ts';

// ---------------------------------------------------------------------------------------------
// Actions: what a person can do. One per event type, except that the review step event is three
// actions (承办, 审核, 批准), because people see and are refused them separately.

export const reviewStepActions = ['review.undertake', 'review.check', 'review.approve'] as const;
export type ReviewStepAction = (typeof reviewStepActions)[number];

export const actionTypes = [
  'intake.accepted',
  'intake.notice',
  'intake.refused',
  'notice.completed',
  'case.transferred',
  'immediate.decided',
  'review.claimed',
  'review.reassigned',
  'review.released',
  ...reviewStepActions,
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
] as const satisfies readonly (Exclude<CaseEventType, 'review.stepCompleted'> | ReviewStepAction)[];
export type ActionType = (typeof actionTypes)[number];

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

// ---------------------------------------------------------------------------------------------
// Rules

/** Who acts. A staff member has an id and a role; id and role both null = the applicant (评价器, online). */
export interface Actor {
  id: string | null;
  role: Role | null;
  /** The clerk's 即办 right (matters decided on the spot), granted per user by the centre. */
  mayDecideImmediately: boolean;
}

const open: readonly CaseStatus[] = ['notice', 'accepted', 'in_review', 'supplement', 'special', 'decided', 'delivered'];
const everyStatus: readonly CaseStatus[] = [...open, 'refused', 'closed', 'withdrawn', 'voided'];
const staff: readonly (Role | null)[] = ['clerk', 'reviewer', 'supervisor'];

interface Rule {
  /** Statuses the action starts from; null = the case is not registered yet. */
  from: readonly (CaseStatus | null)[];
  roles: readonly (Role | null)[];
  /** Only the reviewer holding the case (受审分离: the assignee answers for the review). */
  assigneeOnly?: true;
  /** A further condition on the case, whoever asks; returns why not (Chinese), or null. */
  when?: (s: CaseState) => string | null;
}

const claimedBy = (s: CaseState): string | null => (s.assigneeId === null ? '尚未认领' : null);

function stepCondition(step: ReviewStep) {
  return (s: CaseState): string | null => {
    if (step > s.stepsRequired) {
      const used = REVIEW_STEP_LABELS.slice(0, s.stepsRequired).join('、');
      return `本事项只设${s.stepsRequired}个审查环节（${used}）`;
    }
    if (s.stepsDone.length >= step) return `「${REVIEW_STEP_LABELS[step - 1]}」已完成`;
    if (s.stepsDone.length < step - 1) return `尚未完成「${REVIEW_STEP_LABELS[s.stepsDone.length]}」`;
    return claimedBy(s);
  };
}

const rules: Record<ActionType, Rule> = {
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
  'review.released': { from: ['in_review'], roles: ['reviewer'], assigneeOnly: true, when: claimedBy },
  'review.undertake': { from: ['in_review'], roles: ['reviewer'], assigneeOnly: true, when: stepCondition(1) },
  'review.check': { from: ['in_review'], roles: ['reviewer'], assigneeOnly: true, when: stepCondition(2) },
  'review.approve': { from: ['in_review'], roles: ['reviewer'], assigneeOnly: true, when: stepCondition(3) },
  'review.supplementRequested': { from: ['in_review'], roles: ['reviewer'], assigneeOnly: true, when: claimedBy },
  'intake.supplementProvided': { from: ['supplement'], roles: ['clerk'] },
  'review.specialStarted': { from: ['in_review'], roles: ['reviewer'], assigneeOnly: true, when: claimedBy },
  'review.specialEnded': { from: ['special'], roles: ['reviewer'], assigneeOnly: true, when: claimedBy },
  'review.decided': {
    from: ['in_review'],
    roles: ['reviewer'],
    assigneeOnly: true,
    when: (s) =>
      s.stepsDone.length < s.stepsRequired ? `尚未完成「${REVIEW_STEP_LABELS[s.stepsDone.length]}」` : claimedBy(s),
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

type Refusal =
  | { kind: 'state'; condition: string | null }
  | { kind: 'role' }
  | { kind: 'assignee' }
  | { kind: 'permission' };

/** Whether the case, whoever asks, allows the action now. */
function stateRefusal(s: CaseState, action: ActionType): Refusal | null {
  const rule = rules[action];
  if (!rule.from.includes(s.status)) return { kind: 'state', condition: null };
  const condition = rule.when?.(s) ?? null;
  return condition === null ? null : { kind: 'state', condition };
}

function refusal(s: CaseState, actor: Actor, action: ActionType): Refusal | null {
  const byState = stateRefusal(s, action);
  if (byState) return byState;
  const rule = rules[action];
  if (!rule.roles.includes(actor.role)) return { kind: 'role' };
  if (rule.assigneeOnly && actor.id !== s.assigneeId) return { kind: 'assignee' };
  if (action === 'immediate.decided' && !actor.mayDecideImmediately) return { kind: 'permission' };
  return null;
}

/** Every action this person may take now, in a stable order: the UI's buttons. */
export function allowedActions(state: CaseState, actor: Actor): ActionType[] {
  return actionTypes.filter((action) => refusal(state, actor, action) === null);
}

/** What the case allows next, whoever does it (workflow only, no notes/prints/督办). */
export function nextSteps(state: CaseState): ActionType[] {
  return actionTypes.filter((action) => !isAnnotation(action) && stateRefusal(state, action) === null);
}

function isAnnotation(action: ActionType): boolean {
  return (annotationActions as readonly ActionType[]).includes(action);
}

function statusPhrase(s: CaseState): string {
  return s.status === null ? '办件尚未登记' : `办件当前为「${caseStatusLabels[s.status]}」`;
}

function list(actions: readonly ActionType[]): string {
  return actions.map((a) => actionLabels[a]).join('、');
}

function whoLabel(role: Role | null): string {
  return role === null ? '申请人本人' : roleLabels[role];
}

function refusalMessage(s: CaseState, actor: Actor, action: ActionType, why: Refusal): string {
  const label = actionLabels[action];
  const head = statusPhrase(s);
  if (why.kind === 'state') {
    const next = nextSteps(s);
    const hint = next.length > 0 ? `现在可以：${list(next)}。` : s.terminal ? '办件已终结，不能再变更，只能备注或打印。' : '';
    return `${head}${why.condition === null ? '' : `，${why.condition}`}，不能执行「${label}」。${hint}`;
  }
  const mine = actionTypes.filter((a) => !isAnnotation(a) && refusal(s, actor, a) === null);
  const hint = mine.length > 0 ? `您现在可以：${list(mine)}。` : '';
  switch (why.kind) {
    case 'role':
      return `${head}，「${label}」只能由${rules[action].roles.map(whoLabel).join('或')}办理。${hint}`;
    case 'assignee':
      return `${head}，本件由 ${s.assigneeId ?? '—'} 认领，「${label}」只能由认领人办理。${hint}`;
    case 'permission':
      return `${head}，您没有即办权限，不能执行「${label}」，请流转后台审查或请有即办权限的人员办理。${hint}`;
  }
}

function refuse(s: CaseState, actor: Actor, action: ActionType, why: Refusal): AppError {
  return new AppError('CONFLICT', refusalMessage(s, actor, action, why), {
    // The UI may swap the assignee's id for a name; ids are all the pure domain knows.
    details: { status: s.status, action, reason: why.kind, allowed: nextSteps(s), assigneeId: s.assigneeId },
  });
}

/** Refuses (AppError CONFLICT, in Chinese) unless `actor` may take `action` now; for commands before building the event. */
export function assertAllowed(state: CaseState, actor: Actor, action: ActionType): void {
  const why = refusal(state, actor, action);
  if (why) throw refuse(state, actor, action, why);
}

// ---------------------------------------------------------------------------------------------
// Payload checks that TypeScript cannot make (blank text, cross-field rules, stale views)

function invalid(problem: PayloadProblem): AppError {
  return new AppError('VALIDATION', problem.message, { field: `payload.${problem.field}` });
}

function requireText(value: string, field: string, what: string): void {
  if (value.trim() === '') throw invalid({ field, message: `请填写${what}` });
}

function requireItems(items: readonly SupplementItem[], what: string): void {
  if (items.length === 0) throw invalid({ field: 'items', message: `${what}至少列出一项材料` });
  items.forEach((item, i) => requireText(item.name, `items[${i}].name`, '材料名称'));
}

function checkAcceptance(p: AcceptancePayload): void {
  requireText(p.caseNumber, 'caseNumber', '办件编号');
  if (!isIsoDate(p.dueDate)) throw invalid({ field: 'dueDate', message: `办结期限“${p.dueDate}”不是有效日期` });
  if (!Number.isInteger(p.limit.value) || p.limit.value < 0) throw invalid({ field: 'limit.value', message: '时限应为不小于0的整数' });
  if (!Number.isInteger(p.reviewSteps) || p.reviewSteps < 1 || p.reviewSteps > REVIEW_STEP_LABELS.length) {
    throw invalid({ field: 'reviewSteps', message: `审查环节数应为 1–${REVIEW_STEP_LABELS.length}` });
  }
}

function checkPayload(s: CaseState, e: CaseEvent): void {
  switch (e.type) {
    case 'intake.accepted':
      return checkAcceptance(e.payload);
    case 'notice.completed':
      checkAcceptance(e.payload);
      if (e.payload.caseNumber !== s.caseNumber) {
        throw new AppError('CONFLICT', `补齐后受理的办件编号（${e.payload.caseNumber}）与一次性告知时的编号（${s.caseNumber ?? '无'}）不一致`, {
          field: 'payload.caseNumber',
        });
      }
      return;
    case 'intake.notice':
      requireText(e.payload.caseNumber, 'caseNumber', '办件编号');
      if (e.payload.missing.length === 0) throw invalid({ field: 'missing', message: '一次性告知须列出至少一项缺失材料' });
      return;
    case 'intake.refused':
      requireText(e.payload.caseNumber, 'caseNumber', '办件编号');
      return requireText(e.payload.reason, 'reason', '不予受理理由');
    case 'review.claimed':
      if (e.payload.assigneeId !== e.actorId) {
        throw invalid({ field: 'assigneeId', message: '认领只能由本人认领给自己；指派给他人请由窗口负责人改派' });
      }
      return;
    case 'review.reassigned':
      if (e.payload.fromId !== s.assigneeId) {
        const now = s.assigneeId === null ? '无人认领' : `由 ${s.assigneeId} 认领`;
        throw new AppError('CONFLICT', `本件现在${now}，与改派时看到的情况不一致，请刷新后重试。`, {
          field: 'payload.fromId',
          details: { assigneeId: s.assigneeId },
        });
      }
      requireText(e.payload.toId, 'toId', '新承办人');
      if (e.payload.toId === s.assigneeId) throw invalid({ field: 'toId', message: '新承办人与现承办人相同，无需改派' });
      return;
    case 'review.stepCompleted':
      return requireText(e.payload.opinion, 'opinion', '审查意见');
    case 'review.supplementRequested':
      return requireItems(e.payload.items, '退回补正');
    case 'intake.supplementProvided':
      return requireItems(e.payload.items, '补正收件');
    case 'review.specialStarted':
      return requireText(e.payload.reason, 'reason', '特别程序事由');
    case 'review.specialEnded':
      return requireText(e.payload.result, 'result', '特别程序结果');
    case 'review.decided':
    case 'immediate.decided': {
      const problem = decisionProblem(e.payload);
      if (problem) throw invalid(problem);
      return;
    }
    case 'handover.delivered': {
      const problem = deliveryProblem(e.payload);
      if (problem) throw invalid(problem);
      return;
    }
    case 'rating.given': {
      const { level, indicators } = e.payload;
      const levels = indicators ? [level, indicators.efficiency, indicators.competence, indicators.attitude] : [level];
      if (levels.some((l) => !Number.isInteger(l) || l < 1 || l > 5)) throw invalid({ field: 'level', message: '评价等级应为 1–5' });
      return;
    }
    case 'case.withdrawn':
      return requireText(e.payload.reason, 'reason', '撤件理由');
    case 'case.voided':
      return requireText(e.payload.reason, 'reason', '作废理由');
    case 'supervision.flagged':
      return requireText(e.payload.note, 'note', '督办意见');
    case 'note':
      return requireText(e.payload.text, 'text', '备注');
    case 'document.printed':
      requireText(e.payload.document, 'document', '文书种类');
      if (!Number.isInteger(e.payload.copyNumber) || e.payload.copyNumber < 1) throw invalid({ field: 'copyNumber', message: '份次从 1 开始' });
      return;
    case 'case.transferred':
    case 'review.released':
    case 'case.closed':
    case 'supervision.unflagged':
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// Transition: writes the effect of an allowed event into a draft. A draft is a private copy of a
// state; arrays it `owns` may grow in place (a fold), others are copied on write (applyEvent),
// so no state a caller holds is ever modified and a fold of n events allocates O(n), not O(n²).

type Draft = { -readonly [K in keyof CaseState]: CaseState[K] };

const daysIn = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;

/** The number written by the decimal digits at at[from, to), or -1 if any is not a digit. */
function digits(at: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = at.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The date in China of an event instant; time limits count China dates whatever the PC's zone.
 * An instant written by `toISOString()` ('yyyy-mm-ddThh:mm…Z') before 16:00 UTC has the same
 * date in China: that covers almost every event, read without a Date or a regular expression
 * (this runs inside every fold). Anything else goes the long way.
 */
function chinaDate(at: string): string {
  if (at.length >= 17 && at.charCodeAt(at.length - 1) === 90 /* Z */ && at[4] === '-' && at[7] === '-' && at[10] === 'T' && at[13] === ':') {
    const year = digits(at, 0, 4);
    const month = digits(at, 5, 7);
    const day = digits(at, 8, 10);
    const hour = digits(at, 11, 13);
    if (year >= 0 && hour >= 0 && hour < 16 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month)) return at.slice(0, 10);
  }
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new AppError('VALIDATION', `事件时间“${at}”无效，应为 ISO 8601 时刻`, { field: 'at' });
  return dateInChina(new Date(ms));
}

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
function changesNothing(e: CaseEvent): boolean {
  return e.type === 'note' || e.type === 'document.printed';
}

function transition(d: Draft, e: CaseEvent, owned: boolean): void {
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

export interface ApplyContext {
  /** The acting clerk's 即办 right now. Omit when replaying the log: it was checked when written. */
  mayDecideImmediately?: boolean;
}

/** Everything `applyEvent` checks, in order; throws the refusal. */
function check(s: CaseState, event: CaseEvent, context: ApplyContext): void {
  const action = actionOf(event);
  const actor: Actor = { id: event.actorId, role: event.actorRole, mayDecideImmediately: context.mayDecideImmediately ?? true };
  const why = refusal(s, actor, action);
  if (why) throw refuse(s, actor, action, why);
  checkPayload(s, event);
}

/**
 * The one transition function: checks status, role, assignee and payload, then returns the new
 * state (the old one is never modified; a note or a print returns it as is). Refuses with
 * AppError: CONFLICT when the action does not fit the case now (the message names the current
 * state and what is possible instead), VALIDATION when the event itself is incomplete.
 */
export function applyEvent(state: CaseState, event: CaseEvent, context: ApplyContext = {}): CaseState {
  check(state, event, context);
  if (changesNothing(event)) return state;
  const draft: Draft = { ...state };
  transition(draft, event, false);
  return draft;
}

/**
 * `applyEvent` over a sequence, with one private draft instead of a state per event: the
 * same checks and the same transitions, so the result equals applying the events one by one.
 * Used by `foldCase`; the first refused event throws and nothing is returned.
 */
export function applyEvents(state: CaseState, events: readonly CaseEvent[], context: ApplyContext = {}): CaseState {
  const draft: Draft = { ...state, stepsDone: state.stepsDone.slice(), pauses: state.pauses.slice() };
  for (const event of events) {
    check(draft, event, context);
    transition(draft, event, true);
  }
  return draft;
}

/**
 * Replays a case's log from the start. Throws the state machine's AppError at the first event
 * that could not have happened, so a corrupt or out-of-order log is never silently "repaired".
 * Replay trusts the permissions recorded at the time (a clerk's 即办 right may since have been
 * withdrawn); roles, assignees and order are checked again.
 */
export function foldCase(events: readonly CaseEvent[]): CaseState {
  // One private draft for the whole log (applyEvents), not one state object per event.
  return events.length === 0 ? initialState : applyEvents(initialState, events);
}

// ---------------------------------------------------------------------------------------------
// Reviewer workbench

export const reviewQueues = ['待审', '审查中', '补正中', '特别程序', '已决定'] as const;
export type ReviewQueue = (typeof reviewQueues)[number];

/**
 * The back office's view: 待审 (transferred, nobody holds it), 审查中, 补正中, 特别程序, and
 * 已决定 for cases the back office decided (until they end). Cases that never reached the back
 * office (即办, notices, refusals) and cases withdrawn or voided are in no queue.
 */
export function queueOf(state: CaseState): ReviewQueue | null {
  switch (state.status) {
    case 'in_review':
      return state.assigneeId === null ? '待审' : '审查中';
    case 'supplement':
      return '补正中';
    case 'special':
      return '特别程序';
    case 'decided':
    case 'delivered':
    case 'closed':
      return state.decision?.by === 'review' ? '已决定' : null;
    default:
      return null;
  }
}
