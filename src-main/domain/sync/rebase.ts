/**
 * The gateway's order is the truth. A device holds the events the gateway has numbered
 * (central order) and its own events the gateway has not answered yet (pending). The case as the
 * device shows it is the central events folded in the gateway's order, with the pending ones
 * applied on top in the order they were made. When central events arrive, the same fold runs
 * again (a rebase): a pending event that no longer fits the case (another reviewer claimed it
 * first) is left out of the state and reported, so the screen can say why instead of dropping it.
 */
import { AppError } from '../errors.ts';
import { applyEvent, applyEvents, initialState, type CaseEvent, type CaseState } from '../lifecycle/index.ts';

export interface PendingEvent {
  id: string;
  event: CaseEvent;
}

export interface PendingConflict {
  id: string;
  /** The state machine's refusal, in Chinese (names the case's state and what is possible). */
  reason: string;
}

export interface RebasedCase {
  state: CaseState;
  /** Pending events that still fit, in order: they are what the device shows on top. */
  applied: string[];
  /** Pending events the central history has overtaken: the gateway will refuse them. */
  conflicts: PendingConflict[];
}

/**
 * Folds `central` in the gateway's order (every event there was already checked by the gateway
 * with the same machine, so a refusal there means a broken log and throws), then each pending event
 * on top. A pending event that the machine refuses is skipped and reported; the ones after it
 * are still tried, so one conflict never hides the rest.
 */
export function rebaseCase(central: readonly CaseEvent[], pending: readonly PendingEvent[]): RebasedCase {
  let state = central.length === 0 ? initialState : applyEvents(initialState, central);
  const applied: string[] = [];
  const conflicts: PendingConflict[] = [];
  for (const item of pending) {
    // One pending event at a time: a refusal skips that event only.
    try {
      state = applyEvent(state, item.event);
      applied.push(item.id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      conflicts.push({ id: item.id, reason: error.message });
    }
  }
  return { state, applied, conflicts };
}
