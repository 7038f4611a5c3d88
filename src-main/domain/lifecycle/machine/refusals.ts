/**
 * Whether an action may happen now and, when not, why, in words that name the current state and
 * what is possible instead. The UI's buttons and the log's checks ask the same `refusal`.
 */
import { type LifecycleActor } from '../../auth/actor.ts';
import { roleLabels, type Role } from '../../auth/roles.ts';
import { caseStatusLabels } from '../../cases/status.ts';
import { AppError } from '../../errors.ts';
import { type CaseState } from '../state.ts';
import { actionLabels, actionTypes, annotationActions, type ActionType } from './action-types.ts';
import { rules } from './rules.ts';

export type Refusal =
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

export function refusal(s: CaseState, actor: LifecycleActor, action: ActionType): Refusal | null {
  const byState = stateRefusal(s, action);
  if (byState) return byState;
  const rule = rules[action];
  if (!rule.roles.includes(actor.role)) return { kind: 'role' };
  if (rule.assigneeOnly && actor.userId !== s.assigneeId) return { kind: 'assignee' };
  if (action === 'immediate.decided' && !actor.mayDecideImmediately) return { kind: 'permission' };
  return null;
}

/** Every action this person may take now, in a stable order: the UI's buttons. */
export function allowedActions(state: CaseState, actor: LifecycleActor): ActionType[] {
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

function refusalMessage(s: CaseState, actor: LifecycleActor, action: ActionType, why: Refusal): string {
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

export function refuse(s: CaseState, actor: LifecycleActor, action: ActionType, why: Refusal): AppError {
  return new AppError('CONFLICT', refusalMessage(s, actor, action, why), {
    // The UI may swap the assignee's id for a name; ids are all the pure domain knows.
    details: { status: s.status, action, reason: why.kind, allowed: nextSteps(s), assigneeId: s.assigneeId },
  });
}

/** Refuses (AppError CONFLICT, in Chinese) unless `actor` may take `action` now; for commands before building the event. */
export function assertAllowed(state: CaseState, actor: LifecycleActor, action: ActionType): void {
  const why = refusal(state, actor, action);
  if (why) throw refuse(state, actor, action, why);
}
