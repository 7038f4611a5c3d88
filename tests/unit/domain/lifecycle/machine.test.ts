import { describe, expect, it } from 'vitest';
import {
  actionTypes,
  allowedActions,
  applyEvent,
  assertAllowed,
  eventLabel,
  nextSteps,
  queueOf,
  type ActionType,
} from '../../../../src-main/domain/lifecycle/machine.ts';
import { foldCase } from '../../../../src-main/domain/lifecycle/machine.ts';
import { initialState, type CaseState } from '../../../../src-main/domain/lifecycle/state.ts';
import {
  acceptance,
  admin,
  applicant,
  at,
  clerk,
  clerkNoRight,
  ev,
  everyone,
  reviewer,
  reviewer2,
  run,
  supervisor,
  thrown,
} from './fixtures.ts';

const accepted = (over: Parameters<typeof acceptance>[0] = {}) => run([ev('intake.accepted', clerk, acceptance(over))]);
const inReview = (steps: 1 | 2 | 3 = 2) => run([ev('case.transferred', clerk, {})], accepted({ reviewSteps: steps }));
const claimed = (steps: 1 | 2 | 3 = 2) => run([ev('review.claimed', reviewer, { assigneeId: 'r1' })], inReview(steps));
const stepsDone = (steps: 1 | 2 | 3 = 2) =>
  run(
    Array.from({ length: steps }, (_, i) => ev('review.stepCompleted', reviewer, { step: (i + 1) as 1 | 2 | 3, opinion: '同意' })),
    claimed(steps),
  );
const decided = () => run([ev('review.decided', reviewer, { outcome: 'granted' })], stepsDone());
const delivered = () => run([ev('handover.delivered', clerk, { method: 'electronic' })], decided());
const closed = () => run([ev('case.closed', clerk, {})], delivered());

describe('intake: the window registers the case', () => {
  it('accepts: the clock starts on the acceptance date in China', () => {
    // 16:30 UTC on 03-08 is 00:30 on 03-09 in Beijing: the date a Chinese window sees.
    const s = run([ev('intake.accepted', clerk, acceptance(), '2026-03-08T16:30:00.000Z')]);
    expect(s.status).toBe('accepted');
    expect(s.acceptedAt).toBe('2026-03-08T16:30:00.000Z');
    expect(s.acceptedDate).toBe('2026-03-09');
    expect(s.limit).toEqual({ value: 10, unit: 'working' });
    expect(s.baseDueDate).toBe('2026-03-23');
    expect(s.stepsRequired).toBe(3);
    expect(s.terminal).toBe(false);
  });

  it('a one-time notice becomes accepted when the applicant returns with everything', () => {
    const s = run([
      ev('intake.notice', clerk, { caseNumber: 'N1', missing: [{ key: 'id', name: '身份证', status: 'missing' }] }, at('2026-03-02')),
      ev('notice.completed', clerk, acceptance(), at('2026-03-05')),
    ]);
    expect(s.status).toBe('accepted');
    expect(s.registeredAt).toBe(at('2026-03-02'));
    expect(s.acceptedDate).toBe('2026-03-05');
    expect(s.missing).toHaveLength(1);
  });

  it('refuses a completion under another case number', () => {
    const notice = run([ev('intake.notice', clerk, { caseNumber: 'N1', missing: [{ key: 'id', name: '身份证', status: 'missing' }] })]);
    const err = thrown(() => applyEvent(notice, ev('notice.completed', clerk, acceptance({ caseNumber: 'N2' }))));
    expect(err.code).toBe('CONFLICT');
    expect(err.field).toBe('payload.caseNumber');
  });

  it('不予受理 is terminal', () => {
    const s = run([ev('intake.refused', clerk, { caseNumber: 'N1', reason: '不属于受理范围' })]);
    expect(s).toMatchObject({ status: 'refused', terminal: true, refusalReason: '不属于受理范围' });
    const err = thrown(() => applyEvent(s, ev('notice.completed', clerk, acceptance())));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toBe('办件当前为「不予受理」，不能执行「补齐后受理」。办件已终结，不能再变更，只能备注或打印。');
  });

  it('names what is possible before registration and after acceptance', () => {
    expect(thrown(() => applyEvent(initialState, ev('review.claimed', reviewer, { assigneeId: 'r1' }))).message).toBe(
      '办件尚未登记，不能执行「认领」。现在可以：受理、一次性告知、不予受理。',
    );
    expect(thrown(() => applyEvent(accepted(), ev('intake.accepted', clerk, acceptance()))).message).toBe(
      '办件当前为「已受理」，不能执行「受理」。现在可以：流转、撤件、作废。',
    );
  });

  it('only a window clerk registers a case', () => {
    const err = thrown(() => applyEvent(initialState, ev('intake.accepted', reviewer, acceptance())));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toBe('办件尚未登记，「受理」只能由综合窗口受理人员办理。');
  });

  it('rejects an incomplete acceptance', () => {
    expect(thrown(() => applyEvent(initialState, ev('intake.accepted', clerk, acceptance({ dueDate: '2026-02-30' })))).field).toBe('payload.dueDate');
    expect(thrown(() => applyEvent(initialState, ev('intake.refused', clerk, { caseNumber: 'N1', reason: '  ' }))).code).toBe('VALIDATION');
  });
});

describe('back office: transfer, claim, release, reassign', () => {
  it('a transferred case waits in 待审 until a reviewer claims it for themselves', () => {
    const waiting = inReview();
    expect(waiting).toMatchObject({ status: 'in_review', assigneeId: null });
    expect(queueOf(waiting)).toBe('待审');
    const mine = claimed();
    expect(mine.assigneeId).toBe('r1');
    expect(queueOf(mine)).toBe('审查中');
  });

  it('refuses a second claim, naming who holds the case', () => {
    const err = thrown(() => applyEvent(claimed(), ev('review.claimed', reviewer2, { assigneeId: 'r2' })));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toBe(
      '办件当前为「审查中」，已由 r1 认领，不能执行「认领」。现在可以：改派、取消认领、承办、退回补正、启动特别程序、撤件、作废。',
    );
  });

  it('a claim is for oneself; a clerk cannot claim', () => {
    expect(thrown(() => applyEvent(inReview(), ev('review.claimed', reviewer, { assigneeId: 'r2' }))).code).toBe('VALIDATION');
    expect(thrown(() => applyEvent(inReview(), ev('review.claimed', clerk, { assigneeId: 'c1' }))).message).toBe(
      '办件当前为「审查中」，「认领」只能由后台审批人员办理。您现在可以：撤件。',
    );
  });

  it('only the assignee acts on the review', () => {
    const err = thrown(() => applyEvent(claimed(), ev('review.stepCompleted', reviewer2, { step: 1, opinion: '同意' })));
    expect(err.message).toBe('办件当前为「审查中」，本件由 r1 认领，「承办」只能由认领人办理。');
    for (const type of ['review.supplementRequested', 'review.specialStarted', 'review.released'] as const) {
      expect(allowedActions(claimed(), reviewer2)).not.toContain(type);
    }
  });

  it('release puts the case back to 待审 and keeps the steps done', () => {
    const s = run([ev('review.stepCompleted', reviewer, { step: 1, opinion: '同意' }), ev('review.released', reviewer, {})], claimed());
    expect(s.assigneeId).toBeNull();
    expect(queueOf(s)).toBe('待审');
    const next = run([ev('review.claimed', reviewer2, { assigneeId: 'r2' }), ev('review.stepCompleted', reviewer2, { step: 2, opinion: '同意' })], s);
    expect(next.stepsDone.map((d) => [d.step, d.actorId])).toEqual([
      [1, 'r1'],
      [2, 'r2'],
    ]);
  });

  it('a supervisor assigns or reassigns, checked against the assignee they saw', () => {
    const assigned = applyEvent(inReview(), ev('review.reassigned', supervisor, { fromId: null, toId: 'r2' }));
    expect(assigned.assigneeId).toBe('r2');
    const moved = applyEvent(claimed(), ev('review.reassigned', supervisor, { fromId: 'r1', toId: 'r2' }));
    expect(moved.assigneeId).toBe('r2');
    const stale = thrown(() => applyEvent(moved, ev('review.reassigned', supervisor, { fromId: 'r1', toId: 'r1' })));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toBe('本件现在由 r2 认领，与改派时看到的情况不一致，请刷新后重试。');
    expect(thrown(() => applyEvent(moved, ev('review.reassigned', supervisor, { fromId: 'r2', toId: 'r2' }))).code).toBe('VALIDATION');
    expect(thrown(() => applyEvent(moved, ev('review.reassigned', reviewer2, { fromId: 'r2', toId: 'r1' }))).message).toContain(
      '「改派」只能由窗口负责人办理',
    );
  });
});

describe('review steps and the decision', () => {
  it('承办 → 审核 → 批准 in order, only the configured ones', () => {
    const c = claimed(2);
    expect(thrown(() => applyEvent(c, ev('review.stepCompleted', reviewer, { step: 2, opinion: '同意' }))).message).toBe(
      '办件当前为「审查中」，尚未完成「承办」，不能执行「审核」。现在可以：改派、取消认领、承办、退回补正、启动特别程序、撤件、作废。',
    );
    const s = stepsDone(2);
    expect(s.stepsDone.map((d) => d.step)).toEqual([1, 2]);
    expect(thrown(() => applyEvent(s, ev('review.stepCompleted', reviewer, { step: 3, opinion: '同意' }))).message).toContain(
      '本事项只设2个审查环节（承办、审核），不能执行「批准」',
    );
    expect(thrown(() => applyEvent(s, ev('review.stepCompleted', reviewer, { step: 1, opinion: '同意' }))).message).toContain('「承办」已完成');
    expect(thrown(() => applyEvent(claimed(), ev('review.stepCompleted', reviewer, { step: 1, opinion: ' ' }))).field).toBe('payload.opinion');
  });

  it('decides only after every step, and 不予许可 needs a reason', () => {
    const partial = run([ev('review.stepCompleted', reviewer, { step: 1, opinion: '同意' })], claimed(2));
    expect(thrown(() => applyEvent(partial, ev('review.decided', reviewer, { outcome: 'granted' }))).message).toContain(
      '尚未完成「审核」，不能执行「作出决定」',
    );
    const err = thrown(() => applyEvent(stepsDone(), ev('review.decided', reviewer, { outcome: 'denied' })));
    expect(err.code).toBe('VALIDATION');
    expect(err.field).toBe('payload.reason');
    const s = applyEvent(stepsDone(), ev('review.decided', reviewer, { outcome: 'denied', reason: '材料不实' }, at('2026-03-12')));
    expect(s).toMatchObject({ status: 'decided', clockStoppedDate: '2026-03-12' });
    expect(s.decision).toEqual({ outcome: 'denied', reason: '材料不实', by: 'review', actorId: 'r1', at: at('2026-03-12') });
    expect(queueOf(s)).toBe('已决定');
  });

  it('refuses 退回补正 once decided, naming the state and what is possible', () => {
    const err = thrown(() => applyEvent(decided(), ev('review.supplementRequested', reviewer, { items: [{ name: '身份证' }] })));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toBe('办件当前为「待出件」，不能执行「退回补正」。现在可以：出件、撤件、作废。');
    expect(err.details).toMatchObject({ status: 'decided', action: 'review.supplementRequested', allowed: ['handover.delivered', 'case.withdrawn', 'case.voided'] });
  });
});

describe('补正 and 特别程序 pause the clock', () => {
  it('退回补正 goes to a window and comes back; rounds are counted', () => {
    const asked = applyEvent(claimed(), ev('review.supplementRequested', reviewer, { items: [{ name: '身份证', note: '复印件不清' }, { name: '章程' }] }, at('2026-03-10')));
    expect(asked.status).toBe('supplement');
    expect(queueOf(asked)).toBe('补正中');
    expect(asked.pauses).toEqual([
      expect.objectContaining({ kind: 'supplement', fromDate: '2026-03-10', to: null, reason: '身份证、章程' }),
    ]);
    expect(thrown(() => applyEvent(asked, ev('intake.supplementProvided', reviewer, { items: [{ name: '身份证' }] }))).message).toBe(
      '办件当前为「退回补正」，「补正收件」只能由综合窗口受理人员办理。',
    );
    expect(thrown(() => applyEvent(asked, ev('review.stepCompleted', reviewer, { step: 1, opinion: '同意' }))).message).toBe(
      '办件当前为「退回补正」，不能执行「承办」。现在可以：改派、补正收件、撤件、作废。',
    );
    const back = applyEvent(asked, ev('intake.supplementProvided', clerk, { items: [{ name: '身份证' }, { name: '章程' }] }, at('2026-03-12')));
    expect(back).toMatchObject({ status: 'in_review', assigneeId: 'r1', supplementRounds: 1 });
    expect(back.pauses[0]).toMatchObject({ toDate: '2026-03-12', result: '身份证、章程' });
    const again = run([ev('review.supplementRequested', reviewer, { items: [{ name: '章程' }] }), ev('intake.supplementProvided', clerk, { items: [{ name: '章程' }] })], back);
    expect(again.supplementRounds).toBe(2);
    expect(again.pauses).toHaveLength(2);
  });

  it('特别程序 is started and ended by the assignee', () => {
    const s = applyEvent(claimed(), ev('review.specialStarted', reviewer, { kind: 'hearing', reason: '涉及第三方重大利益' }));
    expect(s.status).toBe('special');
    expect(queueOf(s)).toBe('特别程序');
    expect(s.pauses[0]).toMatchObject({ kind: 'special', specialKind: 'hearing', reason: '涉及第三方重大利益' });
    expect(allowedActions(s, reviewer2)).toEqual(['note', 'document.printed']);
    expect(thrown(() => applyEvent(s, ev('review.specialEnded', supervisor, { result: '听证结束' }))).message).toContain('只能由后台审批人员办理');
    const ended = applyEvent(s, ev('review.specialEnded', reviewer, { result: '听证结束' }));
    expect(ended.status).toBe('in_review');
    expect(ended.pauses[0]?.result).toBe('听证结束');
  });
});

describe('即办件: decided on the spot', () => {
  const immediate = () => accepted({ matterKind: 'immediate', limit: { value: 0, unit: 'working' }, dueDate: '2026-03-09' });

  it('a clerk with the right decides at once', () => {
    expect(allowedActions(immediate(), clerk)).toContain('immediate.decided');
    const s = applyEvent(immediate(), ev('immediate.decided', clerk, { outcome: 'granted' }), { mayDecideImmediately: true });
    expect(s.status).toBe('decided');
    expect(s.decision?.by).toBe('immediate');
    expect(queueOf(s)).toBeNull();
  });

  it('a clerk without the right is refused live, but the log replays', () => {
    expect(allowedActions(immediate(), clerkNoRight)).not.toContain('immediate.decided');
    const event = ev('immediate.decided', clerkNoRight, { outcome: 'granted' });
    expect(thrown(() => applyEvent(immediate(), event, { mayDecideImmediately: false })).message).toBe(
      '办件当前为「已受理」，您没有即办权限，不能执行「即办」，请流转后台审查或请有即办权限的人员办理。您现在可以：流转、撤件。',
    );
    expect(thrown(() => assertAllowed(immediate(), clerkNoRight, 'immediate.decided')).code).toBe('CONFLICT');
    // The right was checked when the event was written; revoking it later must not break history.
    expect(applyEvent(immediate(), event).status).toBe('decided');
  });

  it('a 承诺件 must go to the back office', () => {
    expect(thrown(() => applyEvent(accepted(), ev('immediate.decided', clerk, { outcome: 'granted' }))).message).toBe(
      '办件当前为「已受理」，本件为承诺件，须流转后台审查，不能执行「即办」。现在可以：流转、撤件、作废。',
    );
  });
});

describe('hand-over, 办结 and 好差评', () => {
  it('each delivery method records its proof', () => {
    const d = decided();
    expect(thrown(() => applyEvent(d, ev('handover.delivered', clerk, { method: 'window' }))).field).toBe('payload.collectorName');
    expect(thrown(() => applyEvent(d, ev('handover.delivered', clerk, { method: 'post', address: '大连市' }))).field).toBe('payload.trackingNumber');
    expect(thrown(() => applyEvent(d, ev('handover.delivered', clerk, { method: 'post', trackingNumber: 'SF1' }))).field).toBe('payload.address');
    expect(
      thrown(() => applyEvent(d, ev('handover.delivered', clerk, { method: 'window', collectorName: '张三', collectorIdMasked: '21020219491231002X' }))).field,
    ).toBe('payload.collectorIdMasked');
    const s = applyEvent(d, ev('handover.delivered', clerk, { method: 'post', address: '大连市中山区', trackingNumber: 'SF1' }));
    expect(s.status).toBe('delivered');
    expect(s.delivery).toMatchObject({ method: 'post', address: '大连市中山区', trackingNumber: 'SF1', collectorName: null });
  });

  it('办结 after delivery; one rating, by the clerk or the applicant, after delivery', () => {
    expect(thrown(() => applyEvent(decided(), ev('rating.given', clerk, { level: 5 }))).message).toBe(
      '办件当前为「待出件」，不能执行「评价」。现在可以：出件、撤件、作废。',
    );
    const rated = applyEvent(delivered(), ev('rating.given', applicant, { level: 2, comment: '等待时间长' }));
    expect(rated.rating).toMatchObject({ level: 2, comment: '等待时间长', indicators: null });
    const err = thrown(() => applyEvent(rated, ev('rating.given', clerk, { level: 5 })));
    expect(err.message).toBe('办件当前为「已出件」，已评价（一次一评），不能执行「评价」。现在可以：办结、作废。');
    const s = closed();
    expect(s).toMatchObject({ status: 'closed', terminal: true });
    expect(applyEvent(s, ev('rating.given', clerk, { level: 4 })).rating?.level).toBe(4);
    expect(thrown(() => applyEvent(s, ev('rating.given', admin, { level: 4 }))).message).toBe(
      '办件当前为「办结」，「评价」只能由综合窗口受理人员或申请人本人办理。',
    );
    expect(thrown(() => applyEvent(s, ev('rating.given', clerk, { level: 6 as 5 }))).code).toBe('VALIDATION');
  });
});

describe('撤件 and 作废', () => {
  it('a withdrawal during 补正 ends the pause and stops the clock', () => {
    const asked = applyEvent(claimed(), ev('review.supplementRequested', reviewer, { items: [{ name: '章程' }] }, at('2026-03-10')));
    const s = applyEvent(asked, ev('case.withdrawn', clerk, { reason: '申请人不再办理' }, at('2026-03-16')));
    expect(s).toMatchObject({ status: 'withdrawn', terminal: true, endReason: '申请人不再办理', clockStoppedDate: '2026-03-16' });
    expect(s.pauses[0]).toMatchObject({ toDate: '2026-03-16', result: '撤件' });
    expect(queueOf(s)).toBeNull();
  });

  it('nothing to withdraw once handed over', () => {
    expect(thrown(() => applyEvent(delivered(), ev('case.withdrawn', clerk, { reason: '不要了' }))).message).toBe(
      '办件当前为「已出件」，不能执行「撤件」。现在可以：办结、评价、作废。',
    );
  });

  it('only a supervisor voids, with a reason', () => {
    expect(thrown(() => applyEvent(decided(), ev('case.voided', clerk, { reason: '重复' }))).message).toBe(
      '办件当前为「待出件」，「作废」只能由窗口负责人办理。您现在可以：出件、撤件。',
    );
    expect(thrown(() => applyEvent(decided(), ev('case.voided', supervisor, { reason: '' }))).field).toBe('payload.reason');
    const s = applyEvent(run([ev('intake.notice', clerk, { caseNumber: 'N1', missing: [{ key: 'a', name: 'A', status: 'missing' }] })]), ev('case.voided', supervisor, { reason: '重复登记' }));
    expect(s).toMatchObject({ status: 'voided', terminal: true, clockStoppedDate: null });
  });
});

describe('督办, notes and prints', () => {
  it('a supervisor flags and unflags', () => {
    const s = applyEvent(claimed(), ev('supervision.flagged', supervisor, { note: '即将超期' }));
    expect(s).toMatchObject({ flagged: true, flagNote: '即将超期' });
    expect(thrown(() => applyEvent(s, ev('supervision.flagged', supervisor, { note: '再催' }))).message).toContain('已在督办中');
    expect(thrown(() => applyEvent(claimed(), ev('supervision.unflagged', supervisor, {}))).message).toContain('未被督办');
    expect(thrown(() => applyEvent(s, ev('supervision.unflagged', clerk, {}))).message).toContain('「取消督办」只能由窗口负责人办理');
    expect(applyEvent(s, ev('supervision.unflagged', supervisor, {})).flagged).toBe(false);
  });

  it('notes and prints are records only: the state object is returned as is', () => {
    const s = claimed();
    expect(applyEvent(s, ev('note', reviewer2, { text: '已电话联系' }))).toBe(s);
    expect(applyEvent(s, ev('document.printed', clerk, { document: 'handover', copyNumber: 2 }))).toBe(s);
    expect(thrown(() => applyEvent(s, ev('note', admin, { text: 'x' }))).code).toBe('CONFLICT');
    expect(thrown(() => applyEvent(s, ev('note', clerk, { text: ' ' }))).code).toBe('VALIDATION');
    expect(thrown(() => applyEvent(s, ev('document.printed', clerk, { document: 'handover', copyNumber: 0 }))).field).toBe('payload.copyNumber');
  });

  it('after the end: notes, prints, an outstanding rating and un-flagging only', () => {
    const flagged = run([ev('supervision.flagged', supervisor, { note: '催办' })], delivered());
    const s = applyEvent(flagged, ev('case.closed', supervisor, {}));
    expect(allowedActions(s, supervisor)).toEqual(['supervision.unflagged', 'note', 'document.printed']);
    expect(allowedActions(s, clerk)).toEqual(['rating.given', 'note', 'document.printed']);
    expect(nextSteps(s)).toEqual(['rating.given']);
    const done = run([ev('supervision.unflagged', supervisor, {}), ev('rating.given', applicant, { level: 5 })], s);
    expect(thrown(() => applyEvent(done, ev('supervision.flagged', supervisor, { note: '再查' }))).message).toBe(
      '办件当前为「办结」，不能执行「督办」。办件已终结，不能再变更，只能备注或打印。',
    );
  });
});

describe('allowedActions: the buttons each person sees', () => {
  it('in review, held by r1', () => {
    const s = claimed(3);
    expect(allowedActions(s, reviewer)).toEqual(['review.released', 'review.undertake', 'review.supplementRequested', 'review.specialStarted', 'note', 'document.printed']);
    expect(allowedActions(s, reviewer2)).toEqual(['note', 'document.printed']);
    expect(allowedActions(s, supervisor)).toEqual(['review.reassigned', 'case.voided', 'supervision.flagged', 'note', 'document.printed']);
    expect(allowedActions(s, clerk)).toEqual(['case.withdrawn', 'note', 'document.printed']);
    expect(allowedActions(s, admin)).toEqual([]);
    expect(allowedActions(s, { ...clerk, userId: 'x', role: 'clerk' })).toEqual(['case.withdrawn', 'note', 'document.printed']);
  });

  it('agrees with assertAllowed and applyEvent for every person and action', () => {
    const states: CaseState[] = [initialState, accepted(), inReview(), claimed(), stepsDone(), decided(), delivered(), closed()];
    for (const s of states) {
      for (const actor of everyone) {
        const allowed = allowedActions(s, actor);
        for (const action of actionTypes as readonly ActionType[]) {
          let ok = true;
          try {
            assertAllowed(s, actor, action);
          } catch {
            ok = false;
          }
          expect(ok, `${s.status} ${actor.userId} ${action}`).toBe(allowed.includes(action));
        }
      }
    }
  });

  it('labels the review step events by step', () => {
    expect(eventLabel(ev('review.stepCompleted', reviewer, { step: 2, opinion: '同意' }))).toBe('审核');
    expect(eventLabel(ev('case.transferred', clerk, {}))).toBe('流转');
  });

  it('folds a whole life', () => {
    const s = foldCase([
      ev('intake.accepted', clerk, acceptance({ reviewSteps: 1 })),
      ev('case.transferred', clerk, {}),
      ev('review.claimed', reviewer, { assigneeId: 'r1' }),
      ev('review.stepCompleted', reviewer, { step: 1, opinion: '同意' }),
      ev('review.decided', reviewer, { outcome: 'granted' }),
      ev('handover.delivered', clerk, { method: 'window', collectorName: '李四' }),
      ev('case.closed', clerk, {}),
      ev('rating.given', applicant, { level: 5 }),
    ]);
    expect(s).toMatchObject({ status: 'closed', terminal: true, rating: { level: 5 } });
    expect(foldCase([])).toBe(initialState);
  });
});
