import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../src-main/domain/lifecycle/index.ts';
import { rebaseCase } from '../../../src-main/domain/sync/rebase.ts';

const accepted: CaseEvent = {
  type: 'intake.accepted',
  at: '2026-11-02T01:00:00.000Z',
  actorId: 'clerk-1',
  actorRole: 'clerk',
  payload: { caseNumber: '21021120261102W01000017', dueDate: '2026-11-16', limit: { value: 10, unit: 'working' }, matterKind: 'promised', reviewSteps: 1 },
} as CaseEvent;
const transferred: CaseEvent = { type: 'case.transferred', at: '2026-11-02T01:01:00.000Z', actorId: 'clerk-1', actorRole: 'clerk', payload: {} } as CaseEvent;
const claimBy = (id: string, at: string): CaseEvent => ({ type: 'review.claimed', at, actorId: id, actorRole: 'reviewer', payload: { assigneeId: id } }) as CaseEvent;

describe('rebase: central history first, own pending events on top', () => {
  it('shows a pending claim on top of the central history while nobody else has acted', () => {
    const rebased = rebaseCase([accepted, transferred], [{ id: 'mine', event: claimBy('zhang', '2026-11-02T02:02:00.000Z') }]);
    expect(rebased.state.status).toBe('in_review');
    expect(rebased.state.assigneeId).toBe('zhang');
    expect(rebased.applied).toEqual(['mine']);
    expect(rebased.conflicts).toEqual([]);
  });

  it('when the central claim of another reviewer arrives, the own claim is left out and reported with the reason', () => {
    // The pending claim was made earlier by the client clock; the gateway's order still wins.
    const rebased = rebaseCase([accepted, transferred, claimBy('zhang', '2026-11-02T02:02:00.000Z')], [{ id: 'mine', event: claimBy('li', '2026-11-02T01:30:00.000Z') }]);
    expect(rebased.state.assigneeId).toBe('zhang');
    expect(rebased.applied).toEqual([]);
    expect(rebased.conflicts).toHaveLength(1);
    expect(rebased.conflicts[0]?.id).toBe('mine');
    expect(rebased.conflicts[0]?.reason).toMatch(/审查中|认领/);
  });

  it('a conflicting pending event does not hide the ones behind it', () => {
    const note: CaseEvent = { type: 'note', at: '2026-11-02T03:00:00.000Z', actorId: 'li', actorRole: 'reviewer', payload: { text: '已电话联系申请人' } } as CaseEvent;
    const rebased = rebaseCase([accepted, transferred, claimBy('zhang', '2026-11-02T02:02:00.000Z')], [
      { id: 'claim', event: claimBy('li', '2026-11-02T02:03:00.000Z') },
      { id: 'note', event: note },
    ]);
    expect(rebased.conflicts.map((c) => c.id)).toEqual(['claim']);
    expect(rebased.applied).toEqual(['note']);
  });

  it('with nothing central yet, the own log alone is the case (an unregistered PC)', () => {
    const rebased = rebaseCase([], [
      { id: 'a', event: accepted },
      { id: 't', event: transferred },
    ]);
    expect(rebased.state.status).toBe('in_review');
    expect(rebased.state.assigneeId).toBeNull();
  });
});
