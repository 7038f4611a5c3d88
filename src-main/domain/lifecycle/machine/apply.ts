/** `applyEvent` and `applyEvents`: the checks of `refusals.ts` and `payload-checks.ts`, then the transition. */
import { type LifecycleActor } from '../../auth/actor.ts';
import { type CaseEvent } from '../events.ts';
import { type CaseState } from '../state.ts';
import { actionOf } from './action-types.ts';
import { checkPayload } from './payload-checks.ts';
import { refusal, refuse } from './refusals.ts';
import { changesNothing, transition, type Draft } from './transition.ts';

export interface ApplyContext {
  /** The acting clerk's 即办 right now. Omit when replaying the log: it was checked when written. */
  mayDecideImmediately?: boolean;
}

/** Everything `applyEvent` checks, in order; throws the refusal. */
function check(s: CaseState, event: CaseEvent, context: ApplyContext): void {
  const action = actionOf(event);
  const actor: LifecycleActor = { userId: event.actorId, role: event.actorRole, mayDecideImmediately: context.mayDecideImmediately ?? true };
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
