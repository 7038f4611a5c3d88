import { describe, expect, it } from 'vitest';
import type { PushItem } from '../../../src-main/domain/sync/push.ts';
import type { Batch } from '../../../src-main/services/sync/outbox.ts';
import { mayOverlap } from '../../../src-main/services/sync/push-overlap.ts';
import { acceptAndTransfer, asOutboxItem, centreUsers, clerk, eventItem, newCase, type TestCase } from '../../helpers/sync-items.ts';

/**
 * Two push batches may be on the wire at once only when neither depends on the other: the
 * gateway may judge and commit them in either order.
 */
const batch = (...items: PushItem[]): Batch => ({ items: items.map(asOutboxItem), skipped: [] });
const taken = () => newCase({ region: '210211', deviceCode: 'A01' });
const noteOn = (c: TestCase) => eventItem(c, 'note', clerk, { text: '备注' }, { localSeq: 3 });
function childOf(parent: TestCase): TestCase {
  const child = taken();
  child.header.parentCaseId = parent.caseId;
  return child;
}

describe('push batches in flight together', () => {
  it('batches on different cases go together', () => {
    expect(mayOverlap(batch(...acceptAndTransfer(taken())), [batch(...acceptAndTransfer(taken()))])).toBe(true);
  });

  it('the first batch of a push goes whatever it holds', () => {
    expect(mayOverlap(batch(...centreUsers('210211')), [])).toBe(true);
  });

  it("a case's later events never go beside its earlier ones (its order at the gateway is the order sent)", () => {
    const c = taken();
    const [accepted, transferred] = acceptAndTransfer(c);
    expect(mayOverlap(batch(transferred!, noteOn(c)), [batch(...acceptAndTransfer(taken()), accepted!)])).toBe(false);
    // Against either of two batches in flight.
    expect(mayOverlap(batch(noteOn(c)), [batch(...acceptAndTransfer(taken())), batch(accepted!)])).toBe(false);
  });

  it('an account change is never overtaken, and never overtakes what was sent before it', () => {
    const events = batch(...acceptAndTransfer(taken()));
    expect(mayOverlap(events, [batch(...centreUsers('210211'))])).toBe(false);
    expect(mayOverlap(batch(...centreUsers('210211')), [events])).toBe(false);
  });

  it('a 一件事 child never goes beside its parent, either way round', () => {
    const parent = taken();
    const child = childOf(parent);
    const parentBatch = batch(...acceptAndTransfer(parent));
    const childBatch = batch(...acceptAndTransfer(child));
    expect(mayOverlap(childBatch, [parentBatch])).toBe(false);
    expect(mayOverlap(parentBatch, [childBatch])).toBe(false);
    // A later event of the parent, beside the child's opening that names it.
    expect(mayOverlap(batch(noteOn(parent)), [childBatch])).toBe(false);
  });
});
