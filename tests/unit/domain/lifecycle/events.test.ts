import { describe, expect, it } from 'vitest';
import { caseEventPayloadSchemas, caseEventTypes, parseCaseEvent } from '../../../../src-main/domain/lifecycle/events.ts';
import { actionTypes } from '../../../../src-main/domain/lifecycle/machine.ts';
import { initialState } from '../../../../src-main/domain/lifecycle/state.ts';
import { acceptance, applicant, at, clerk, ev, eventFor, reviewer, thrown } from './fixtures.ts';

describe('parseCaseEvent: events arriving by sync', () => {
  it('accepts a valid event of every type and returns it unchanged', () => {
    const seen = new Set<string>();
    for (const action of actionTypes) {
      for (const outcome of ['granted', 'denied'] as const) {
        for (const method of ['window', 'post', 'electronic'] as const) {
          const e = eventFor({ ...initialState, caseNumber: 'N1', assigneeId: 'r1' }, clerk, action, at('2026-03-09'), {
            matterKind: 'promised',
            reviewSteps: 3,
            outcome,
            method,
            level: 3,
            toReviewer: 1,
            intake: 0,
          });
          seen.add(e.type);
          expect(parseCaseEvent(JSON.parse(JSON.stringify(e)))).toEqual(e);
        }
      }
    }
    expect([...seen].sort()).toEqual([...caseEventTypes].sort());
    expect(Object.keys(caseEventPayloadSchemas).sort()).toEqual([...caseEventTypes].sort());
  });

  it('keeps fields it does not know (a newer device may add them)', () => {
    // What intake writes today carries more context than the state machine needs.
    const raw = {
      ...ev('intake.notice', clerk, { caseNumber: 'N1', missing: [{ key: 'id', name: '身份证', status: 'missing' }] }),
      payload: { caseNumber: 'N1', decision: 'notice', target: { kind: 'matter' }, dueDate: null, missing: [{ key: 'id', name: '身份证', status: 'missing', extra: 1 }] },
      id: '0190-…',
    };
    const e = parseCaseEvent(raw);
    expect(e.payload).toMatchObject({ decision: 'notice', target: { kind: 'matter' } });
    expect(e).not.toHaveProperty('id');
  });

  it('reports the first problem in Chinese with its path', () => {
    const cases: Array<[unknown, string, string]> = [
      [{ ...ev('note', clerk, { text: 'x' }), type: 'note.deleted' }, 'type', '未知的事件类型“note.deleted”'],
      [{ ...ev('note', clerk, { text: 'x' }), at: '2026-03-09 10:00' }, 'at', '事件时间应为 ISO 8601 时刻'],
      [{ ...ev('note', clerk, { text: 'x' }), actorRole: null }, 'actorRole', '操作人与角色须同时填写'],
      [ev('rating.given', applicant, { level: 6 as 5 }), 'payload.level', '评价等级应为 1–5'],
      [ev('handover.delivered', clerk, { method: 'post', address: '大连' }), 'payload.trackingNumber', '邮寄送达须填写快递单号'],
      [ev('review.decided', reviewer, { outcome: 'denied' }), 'payload.reason', '不予许可须写明理由'],
      [ev('review.stepCompleted', reviewer, { step: 1, opinion: '  ' }), 'payload.opinion', '审查意见不能为空'],
      [ev('review.stepCompleted', reviewer, { step: 4 as 3, opinion: '同意' }), 'payload.step', '审查环节应为 1–3'],
      [ev('intake.notice', clerk, { caseNumber: 'N1', missing: [] }), 'payload.missing', '一次性告知须列出至少一项缺失材料'],
      [ev('intake.accepted', clerk, acceptance({ dueDate: '2026-13-01' })), 'payload.dueDate', '不是有效日期'],
      [{ ...ev('case.transferred', clerk, {}), payload: undefined }, 'payload', '内容应为 JSON 对象'],
      [ev('rating.given', applicant, { level: 5, indicators: 'good' as never }), 'payload.indicators', '分项评价应为对象'],
    ];
    for (const [raw, field, message] of cases) {
      const err = thrown(() => parseCaseEvent(raw));
      expect(err.code).toBe('VALIDATION');
      expect(err.field, JSON.stringify(raw)).toBe(field);
      expect(err.message).toContain(message);
    }
  });
});
