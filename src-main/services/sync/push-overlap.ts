/**
 * Which push batches may be on the wire at once (docs/sync-performance.md, "Two batches in
 * flight"). The gateway locks the cases a batch names, so two batches on disjoint cases are
 * judged and written side by side, and may commit in either order. That is only harmless when
 * neither depends on the other:
 * - items of one case keep their order, so two batches in flight never share a case;
 * - a 一件事 child opened before its parent is stored would reach another centre without the
 *   parent's scans, so a batch never names (as case or as parent) a case another one in flight names;
 * - the gateway accepts a case event only from one of the centre's people, and an account change
 *   may bring or retire the actor, so a batch with an account change is never in flight beside another.
 */
import type { Batch } from './outbox.ts';
import type { OutboxItem } from './push-json.ts';

const namedBy = new WeakMap<readonly OutboxItem[], Set<string>>();

/**
 * The cases a batch's items touch: their own, and the parents their openings name. Made once per
 * list of items (a batch whose items are taken out gets a new list): the push asks it of each
 * batch on the wire at every read and every send.
 */
export function casesNamed(items: readonly OutboxItem[]): ReadonlySet<string> {
  let named = namedBy.get(items);
  if (named) return named;
  named = new Set<string>();
  for (const item of items) {
    if (item.kind !== 'case.event') continue;
    named.add(item.caseId);
    if (item.case?.parentCaseId) named.add(item.case.parentCaseId);
  }
  namedBy.set(items, named);
  return named;
}

const accountsIn = new WeakMap<readonly OutboxItem[], boolean>();

/** Whether the batch carries an account change: then no batch goes beside it. Made once per list of items, as `casesNamed`. */
export function changesAccounts(batch: Batch): boolean {
  let found = accountsIn.get(batch.items);
  if (found === undefined) {
    found = batch.items.some((item) => item.kind === 'user.upsert');
    accountsIn.set(batch.items, found);
  }
  return found;
}

/** Whether `next` may be sent while the batches `inFlight` are still unanswered. */
export function mayOverlap(next: Batch, inFlight: readonly Batch[]): boolean {
  if (inFlight.length === 0) return true;
  if (changesAccounts(next) || inFlight.some(changesAccounts)) return false;
  const named = casesNamed(next.items);
  return inFlight.every((batch) => [...casesNamed(batch.items)].every((caseId) => !named.has(caseId)));
}
