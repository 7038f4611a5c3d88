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
 *
 * The machine lives in `machine/`, one module per concern: `action-types.ts` (what a person can
 * do, and its label), `rules.ts` (the table above: from which statuses, who, and the guards),
 * `refusals.ts` (whether an action may happen now, and why not in words), `payload-checks.ts`
 * (what TypeScript cannot check in an event), `transition.ts` (an event's effect on the state),
 * `apply.ts` (checks then transition, one event or a sequence) and `review-queues.ts`. This file
 * is the one way in: it exports what callers use, and nothing of the machine's inside.
 */
export {
  actionLabels,
  actionOf,
  actionTypes,
  afterTerminalActions,
  annotationActions,
  eventLabel,
  isTerminalStatus,
  reviewStepActions,
  stepAction,
  terminalStatuses,
  type ActionType,
  type ReviewStepAction,
} from './machine/action-types.ts';
export { type Actor, type LifecycleActor } from '../auth/actor.ts';
export { allowedActions, assertAllowed, nextSteps } from './machine/refusals.ts';
export { applyEvent, applyEvents, type ApplyContext } from './machine/apply.ts';
export { queueOf, reviewQueues, type ReviewQueue } from './machine/review-queues.ts';
import { applyEvents } from './machine/apply.ts';
import { type CaseEvent } from './events.ts';
import { initialState, type CaseState } from './state.ts';

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
