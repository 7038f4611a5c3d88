import type { LifecycleView } from '../../domain/api/views.ts';
import type { LifecycleActor, StaffActor } from '../../domain/auth/actor.ts';
import type { Role } from '../../domain/auth/roles.ts';
import { AppError } from '../../domain/errors.ts';
import { checkResidentId, maskResidentId } from '../../domain/identity/resident-id.ts';
import {
  allowedActions,
  applyEvent,
  bundleStatus,
  queueOf,
  timeLimitDueDate,
  timeLimitStatus,
  type ActionType,
  type CaseEvent,
  type CaseEventOf,
  type CaseState,
} from '../../domain/lifecycle/index.ts';
import type { AcceptancePayload } from '../../domain/lifecycle/events.ts';
import type { LifecycleAction } from '../../domain/lifecycle/actions.ts';
import type { CaseStatus } from '../../domain/cases/status.ts';
import { dateInChina } from '../../domain/time/iso-date.ts';
import type { WorkCalendar } from '../../domain/time/calendar.ts';
import { timeOrderedId } from '../../store/ids.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';
import { readSetting } from '../settings/settings.ts';
import { foldLocalCase } from '../sync/case-log.ts';

interface CaseHead {
  id: string;
  is_bundle: number;
  department_code: string;
  row_version: number;
  case_number: string | null;
  parent_case_id: string | null;
}

function head(tx: ReadTx, caseId: string): CaseHead {
  const row = tx.get<CaseHead>('SELECT id, is_bundle, department_code, row_version, case_number, parent_case_id FROM case_record WHERE id = ?', caseId);
  if (!row) throw new AppError('NOT_FOUND', '找不到该办件，请刷新列表后重试。', { field: 'caseId' });
  return row;
}

/** The member of staff acting on a case, with what the lifecycle and the department check ask of them. */
interface ActingStaff extends StaffActor, LifecycleActor {
  userId: string;
  role: Role;
  departmentCode: string | null;
}

function actingStaff(tx: ReadTx, userId: string, role: Role): ActingStaff {
  const user = tx.get<{ department_code: string | null; may_decide_immediately: number }>(
    'SELECT department_code, may_decide_immediately FROM app_user WHERE id = ?',
    userId,
  );
  return { userId, role, departmentCode: user?.department_code ?? null, mayDecideImmediately: user?.may_decide_immediately === 1 };
}

/** 受审分离 per department: a reviewer only handles cases bound for their own department. */
function checkDepartment(actor: ActingStaff, caseHead: CaseHead): void {
  if (actor.role === 'reviewer' && actor.departmentCode !== caseHead.department_code) {
    throw new AppError('FORBIDDEN', `该办件由“${caseHead.department_code}”部门审查，您所在部门为“${actor.departmentCode ?? '未设置'}”，无权办理。`);
  }
}

const stepOf: Partial<Record<ActionType, 1 | 2 | 3>> = { 'review.undertake': 1, 'review.check': 2, 'review.approve': 3 };

/** Turns what the UI asked for into the event the log records (full ID numbers never enter it). */
function toEvent(action: LifecycleAction, actor: ActingStaff, at: string, state: CaseState, reassignTo: string | null): CaseEvent {
  const by = { at, actorId: actor.userId, actorRole: actor.role };
  switch (action.action) {
    case 'review.undertake':
    case 'review.check':
    case 'review.approve':
      return { ...by, type: 'review.stepCompleted', payload: { step: stepOf[action.action] ?? 1, opinion: action.opinion } };
    case 'review.claimed':
      return { ...by, type: 'review.claimed', payload: { assigneeId: actor.userId } };
    case 'review.reassigned':
      return { ...by, type: 'review.reassigned', payload: { fromId: state.assigneeId, toId: action.toUserId, toName: reassignTo } };
    case 'handover.delivered': {
      const { action: _a, collectorIdNumber, ...rest } = action;
      let collectorIdMasked: string | undefined;
      if (collectorIdNumber) {
        const checked = checkResidentId(collectorIdNumber);
        if (!checked.ok) throw new AppError('VALIDATION', `领取人身份证号码：${checked.message}`, { field: 'collectorIdNumber' });
        collectorIdMasked = maskResidentId(checked.normalized);
      }
      return { ...by, type: 'handover.delivered', payload: { ...rest, ...(collectorIdMasked ? { collectorIdMasked } : {}) } };
    }
    case 'rating.given': {
      const { action: _a, byApplicant, ...payload } = action;
      // The applicant rates on the evaluator; the clerk only hands over the screen.
      const rating = payload as CaseEventOf<'rating.given'>['payload'];
      return byApplicant ? { at, actorId: null, actorRole: null, type: 'rating.given', payload: rating } : { ...by, type: 'rating.given', payload: rating };
    }
    default: {
      const { action: type, ...payload } = action;
      return { ...by, type, payload } as CaseEvent;
    }
  }
}

/**
 * 补齐后受理: the acceptance facts are the matter's (the version the case was registered under),
 * computed here; the clock starts on the day the materials are complete, as at a first-time
 * acceptance. The window only says that they are. The number is the one the case's log gave it
 * at the notice, which the state machine checks: a demo case that gave its number up to a pulled
 * real case (sync/number-clash.ts) shows another in its row.
 */
function completionTerms(tx: ReadTx, calendar: WorkCalendar, caseId: string, today: string, loggedNumber: string | null): AcceptancePayload {
  const row = tx.get<{ case_number: string | null; kind: AcceptancePayload['matterKind']; promised_limit: number; promised_unit: AcceptancePayload['limit']['unit']; review_steps: AcceptancePayload['reviewSteps'] }>(
    `SELECT c.case_number, m.kind, m.promised_limit, m.promised_unit, m.review_steps
       FROM case_record c JOIN matter_version m ON m.code = c.matter_code AND m.version = c.matter_version
      WHERE c.id = ?`,
    caseId,
  );
  if (!row?.case_number) throw new AppError('NOT_FOUND', '找不到该办件的事项版本，无法补齐后受理。请刷新后重试，或联系管理员检查事项目录。');
  return {
    caseNumber: loggedNumber ?? row.case_number,
    dueDate: calendar.dueDate(today, row.promised_limit, row.promised_unit),
    limit: { value: row.promised_limit, unit: row.promised_unit },
    matterKind: row.kind,
    reviewSteps: row.review_steps,
  };
}

/**
 * The state machine is pure and knows people by id; a refusal read at the window should name
 * them ("由李强办理"), so ids in its message are replaced by display names.
 */
function withNames<T>(tx: ReadTx, run: () => T, ids: Array<string | null>): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    let message = error.message;
    for (const id of ids) {
      if (!id || !message.includes(id)) continue;
      const name = tx.get<{ display_name: string }>('SELECT display_name FROM app_user WHERE id = ?', id)?.display_name;
      if (name) message = message.replaceAll(id, name);
    }
    if (message === error.message) throw error;
    throw new AppError(error.code, message, { field: error.field, details: error.details, cause: error });
  }
}

/**
 * The list and queue columns a case's state gives it, in the order of `projectedColumns`; the
 * last (due_date) is null when the state sets no due date (the row keeps the one it has).
 */
export function projectedValues(state: CaseState, calendar: WorkCalendar, today: string): [string, string | null, string | null, number, string | null, string | null, number, number | null, string | null, string | null, string | null] {
  return [
    state.status ?? 'accepted',
    state.assigneeId,
    queueOf(state),
    state.flagged ? 1 : 0,
    state.flagNote,
    state.decision?.outcome ?? null,
    state.stepsDone.length,
    state.rating?.level ?? null,
    state.delivery?.at ?? null,
    state.closedAt,
    timeLimitDueDate(state, calendar, today),
  ];
}

const projectedColumns = 'status, assignee_id, review_queue, flagged, flag_note, decision_outcome, steps_done, rating_level, delivered_at, closed_at, due_date';

/**
 * Keeps the list and queue columns in step with the log, in the same transaction. With
 * `onlyIfChanged` (a refold after sync) a row whose columns already say the same is left alone:
 * the gateway acknowledging this PC's own event changes nothing a screen shows, and bumping
 * `row_version` then would make the reviewer's open drawer refuse the next step as stale.
 */
export function project(tx: WriteTx, caseId: string, state: CaseState, calendar: WorkCalendar, today: string, options: { onlyIfChanged?: boolean } = {}): void {
  const values = projectedValues(state, calendar, today);
  const unchanged = options.onlyIfChanged ? ` AND (${projectedColumns}) IS NOT (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, due_date))` : '';
  tx.run(
    `UPDATE case_record SET status = ?, assignee_id = ?, review_queue = ?, flagged = ?, flag_note = ?, decision_outcome = ?,
       steps_done = ?, rating_level = ?, delivered_at = ?, closed_at = ?, due_date = coalesce(?, due_date),
       updated_at = ?, row_version = row_version + 1 WHERE id = ?${unchanged}`,
    ...values,
    tx.now,
    caseId,
    ...(options.onlyIfChanged ? values : []),
  );
}

/**
 * A 一件事 parent shows where its children stand (domain/lifecycle/bundle.ts); it changes with
 * them, in the same transaction, so the parent's list row is never out of step.
 */
export function projectBundle(tx: WriteTx, parentId: string): void {
  const children = tx.all<{ status: CaseStatus }>('SELECT status FROM case_record WHERE parent_case_id = ?', parentId).map((r) => r.status);
  const status = bundleStatus(children);
  if (!status) return;
  tx.run(
    'UPDATE case_record SET status = ?, updated_at = ?, row_version = row_version + 1 WHERE id = ? AND is_bundle = 1 AND status <> ?',
    status,
    tx.now,
    parentId,
    status,
  );
}

/** Working days a supervisor has to follow up a bad rating (回访), from settings. */
function followUpDays(tx: ReadTx): number {
  const value = Number(readSetting(tx, 'rating.followUpDays'));
  return Number.isInteger(value) && value > 0 ? value : 5;
}

/**
 * Performs one lifecycle action: folds the log, asks the state machine, appends the event,
 * updates the projection, and for a 不满意/非常不满意 rating opens a follow-up for the supervisor.
 * `expectedVersion` guards against acting on a stale screen (another window acted meanwhile).
 */
export function performAction(
  tx: WriteTx,
  calendar: WorkCalendar,
  user: StaffActor,
  caseId: string,
  action: LifecycleAction,
  expectedVersion: number | undefined,
): void {
  const caseHead = head(tx, caseId);
  if (caseHead.is_bundle) {
    throw new AppError('CONFLICT', '这是“一件事”的汇总件，不单独审批。请打开其中各事项的办件办理。');
  }
  if (expectedVersion !== undefined && expectedVersion !== caseHead.row_version) {
    throw new AppError('CONFLICT', '办件已被他人更新，请刷新后再操作。', { field: 'expectedVersion' });
  }
  const actor = actingStaff(tx, user.userId, user.role);
  if (action.action !== 'note' && action.action !== 'supervision.flagged' && action.action !== 'supervision.unflagged') {
    checkDepartment(actor, caseHead);
  }
  let reassignTo: string | null = null;
  if (action.action === 'review.reassigned') {
    const target = tx.get<{ role: string; department_code: string | null; disabled: number; display_name: string }>(
      'SELECT role, department_code, disabled, display_name FROM app_user WHERE id = ?',
      action.toUserId,
    );
    if (!target || target.role !== 'reviewer' || target.disabled === 1 || target.department_code !== caseHead.department_code) {
      throw new AppError('VALIDATION', '改派对象须为本部门在职的后台审批人员。', { field: 'toUserId' });
    }
    reassignTo = target.display_name;
  }
  // Central history with this device's unsent events on top (services/sync/case-log.ts).
  const state = foldLocalCase(tx, caseId).state;
  const today = dateInChina(new Date(tx.now));
  const event: CaseEvent =
    action.action === 'notice.completed'
      ? { at: tx.now, actorId: actor.userId, actorRole: actor.role, type: 'notice.completed', payload: completionTerms(tx, calendar, caseId, today, state.caseNumber) }
      : toEvent(action, actor, tx.now, state, reassignTo);
  const next = withNames(tx, () => applyEvent(state, event, { mayDecideImmediately: actor.mayDecideImmediately }), [state.assigneeId, actor.userId]);
  tx.appendCaseEvent({ caseId, type: event.type, payload: event.payload, note: action.action === 'note' ? action.text : undefined });
  if (next !== state) {
    project(tx, caseId, next, calendar, today);
    if (event.type === 'notice.completed') {
      tx.run('UPDATE case_record SET accepted_at = ?, accepted_date = ? WHERE id = ?', tx.now, today, caseId);
    }
    if (caseHead.parent_case_id && next.status !== state.status) projectBundle(tx, caseHead.parent_case_id);
  }
  if (event.type === 'rating.given' && event.payload.level <= 2) {
    const today = dateInChina(new Date(tx.now));
    tx.run(
      'INSERT INTO follow_up (id, case_id, rating_level, comment, created_at, due_date) VALUES (?, ?, ?, ?, ?, ?)',
      timeOrderedId(), caseId, event.payload.level, event.payload.comment ?? null, tx.now, calendar.addWorkingDays(today, followUpDays(tx)),
    );
  }
  tx.audit({ action: `case.${event.type}`, target: caseHead.case_number ?? caseId });
}

export function lifecycleView(tx: ReadTx, calendar: WorkCalendar, caseId: string, user: StaffActor, today: string): LifecycleView | null {
  const caseHead = head(tx, caseId);
  if (caseHead.is_bundle) return null;
  const state = foldLocalCase(tx, caseId).state;
  const actor = actingStaff(tx, user.userId, user.role);
  const sameDepartment = actor.role !== 'reviewer' || actor.departmentCode === caseHead.department_code;
  const allowed = allowedActions(state, actor).filter(
    (a) => sameDepartment || a === 'note',
  );
  const names = (id: string | null) => (id ? (tx.get<{ display_name: string }>('SELECT display_name FROM app_user WHERE id = ?', id)?.display_name ?? null) : null);
  return {
    state,
    queue: queueOf(state),
    allowedActions: allowed,
    timeLimit: timeLimitStatus(state, calendar, today),
    assigneeName: names(state.assigneeId),
    version: caseHead.row_version,
  };
}
