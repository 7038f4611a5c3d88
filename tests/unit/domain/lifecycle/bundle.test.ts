/**
 * A 一件事 parent's status, derived from its children's: properties over random sets of child
 * statuses, plus the cases the windows name (审查中, 待出件, 办结).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseStatuses, type CaseStatus } from '../../../../src-main/domain/cases/status.ts';
import { bundleStatus, openStatuses } from '../../../../src-main/domain/lifecycle/bundle.ts';
import { isTerminalStatus } from '../../../../src-main/domain/lifecycle/machine.ts';

const status = fc.constantFrom(...caseStatuses);
/** Children of an accepted bundle: statuses a matter's case can reach after acceptance. */
const afterAcceptance = fc.constantFrom<CaseStatus>('accepted', 'in_review', 'supplement', 'special', 'decided', 'delivered', 'closed', 'withdrawn', 'voided');
const children = fc.array(afterAcceptance, { minLength: 1, maxLength: 8 });
const isOpen = (s: CaseStatus) => (openStatuses as readonly CaseStatus[]).includes(s);

describe('a 一件事 parent’s status', () => {
  it('reads as the windows describe it', () => {
    expect(bundleStatus(['accepted', 'accepted'])).toBe('accepted');
    expect(bundleStatus(['accepted', 'in_review'])).toBe('in_review');
    expect(bundleStatus(['decided', 'supplement', 'closed'])).toBe('in_review');
    expect(bundleStatus(['decided', 'closed', 'delivered'])).toBe('decided');
    expect(bundleStatus(['delivered', 'closed'])).toBe('delivered');
    expect(bundleStatus(['closed', 'withdrawn', 'closed'])).toBe('closed');
    expect(bundleStatus(['withdrawn', 'voided'])).toBe('withdrawn');
    expect(bundleStatus(['voided', 'voided'])).toBe('voided');
    expect(bundleStatus([])).toBeNull();
  });

  it('is the children’s status when they all agree', () => {
    fc.assert(fc.property(status, fc.integer({ min: 1, max: 6 }), (s, n) => bundleStatus(Array<CaseStatus>(n).fill(s)) === s));
  });

  it('does not depend on the order of the children', () => {
    const withPermutation = children.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length })));
    fc.assert(fc.property(withPermutation, ([list, permuted]) => bundleStatus(permuted) === bundleStatus(list)));
  });

  it('is open (审查中 or 已受理) exactly while some child is open', () => {
    fc.assert(fc.property(children, (list) => isOpen(bundleStatus(list) as CaseStatus) === list.some(isOpen)));
  });

  it('is 待出件 exactly when nothing is open and some matter waits for hand-over', () => {
    fc.assert(fc.property(children, (list) => (bundleStatus(list) === 'decided') === (!list.some(isOpen) && list.includes('decided'))));
  });

  it('has ended exactly when every child has ended, and is 办结 when any matter was closed', () => {
    fc.assert(
      fc.property(children, (list) => {
        const parent = bundleStatus(list) as CaseStatus;
        expect(isTerminalStatus(parent)).toBe(list.every(isTerminalStatus));
        if (list.every(isTerminalStatus)) expect(parent === 'closed').toBe(list.includes('closed'));
      }),
    );
  });
});
