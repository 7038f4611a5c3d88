import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  caseEventItemSchema,
  checkProtocolVersion,
  conflictMessage,
  homeRegionOf,
  normalizeRegistrationCode,
  parseContentRange,
  pushBatchSchema,
  pushItemSchema,
  registerRequestSchema,
  regionOfCentre,
  type CentralEvent,
} from '../../../../src-main/domain/sync/index.ts';
import { openApiPath, openApiText } from '../../../../gateway/scripts/write-openapi.ts';

const caseId = '0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6071';
const eventId = '0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6072';
// 210211 · 2026-03-09 · device W01 · sequence 1 · check character 3
const caseNumber = '21021120260309W01000013';

function central(seq: number, type: CentralEvent['type'], actorId: string, actorName: string, at: string, payload: Record<string, unknown> = {}): CentralEvent {
  return {
    id: `0192f3c4-5d6e-7f80-9a1b-2c3d4e5f60${String(seq).padStart(2, '0')}`,
    caseId,
    seq,
    type,
    at,
    actorId,
    actorRole: type === 'review.claimed' ? 'reviewer' : 'clerk',
    actorName,
    note: null,
    payload,
    recordedAt: at,
    deviceCode: 'W01',
    centreCode: '210211',
  };
}

describe('protocol version', () => {
  it('accepts the current version and refuses others with a message that says to upgrade', () => {
    expect(checkProtocolVersion('1')).toEqual({ ok: true, version: 1 });
    const missing = checkProtocolVersion(undefined);
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.message).toContain('请升级一窗通客户端');
    const old = checkProtocolVersion('0');
    expect(!old.ok && old.reason).toBe('too_old');
    expect(!old.ok && old.message).toContain('请升级一窗通客户端');
    const newer = checkProtocolVersion('2');
    expect(!newer.ok && newer.reason).toBe('too_new');
    expect(!newer.ok && newer.message).toContain('升级中心平台');
    expect(checkProtocolVersion('v1').ok).toBe(false);
  });
});

describe('registration', () => {
  it('reads a code however it was typed', () => {
    expect(normalizeRegistrationCode('abcd-efgh jkmn')).toBe('ABCDEFGHJKMN');
    const parsed = registerRequestSchema.safeParse({ code: 'abcd-efgh-jkmn', installationId: caseId, deviceName: '3号窗口', appVersion: '0.1.0' });
    expect(parsed.success && parsed.data.code).toBe('ABCDEFGHJKMN');
  });

  it('refuses a code with look-alike characters, in Chinese', () => {
    const parsed = registerRequestSchema.safeParse({ code: 'ABCD-EFGH-IJK0', installationId: caseId, deviceName: '3号窗口', appVersion: '0.1.0' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('注册码应为 12 位');
  });

  it('derives the region of a township centre from its code', () => {
    expect(regionOfCentre('210211')).toBe('210211');
    expect(regionOfCentre('210211003')).toBe('210211');
    expect(homeRegionOf(caseNumber)).toBe('210211');
  });
});

describe('push', () => {
  const item = {
    kind: 'case.event',
    id: eventId,
    caseId,
    caseNumber,
    localSeq: 2,
    baseSeq: 1,
    type: 'review.claimed',
    at: '2026-03-09T02:05:00.000Z',
    actorId: 'u-li',
    actorRole: 'reviewer',
    actorName: '李四',
    note: null,
    payload: { assigneeId: 'u-li' },
  };

  it('parses an event item', () => {
    expect(pushItemSchema.safeParse(item).success).toBe(true);
  });

  it('refuses a case number whose check character is wrong', () => {
    const parsed = caseEventItemSchema.safeParse({ ...item, caseNumber: '21021120260309W01000014' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('校验不通过');
  });

  it('lets a batch through with one malformed item, so that item alone is rejected', () => {
    const batch = pushBatchSchema.safeParse({ deviceClock: '2026-03-09T02:06:00.000Z', auditHead: null, items: [item, { id: caseId, kind: 'case.event' }] });
    expect(batch.success).toBe(true);
    expect(pushItemSchema.safeParse(batch.data?.items[1]).success).toBe(false);
  });

  it('refuses a batch over 1,000 items as a whole', () => {
    const batch = pushBatchSchema.safeParse({ deviceClock: '2026-03-09T02:06:00.000Z', auditHead: null, items: Array(1001).fill(item) });
    expect(batch.success).toBe(false);
    expect(batch.error?.issues[0]?.message).toBe('推送批次最多 1000 项，请分批');
  });
});

describe('conflict message', () => {
  it('names who claimed the case and when, in China time', () => {
    const events = [
      central(1, 'intake.accepted', 'u-wang', '王五', '2026-03-09T01:00:00.000Z'),
      central(2, 'case.transferred', 'u-wang', '王五', '2026-03-09T01:01:00.000Z'),
      central(3, 'review.claimed', 'u-zhang', '张三', '2026-03-09T02:02:00.000Z', { assigneeId: 'u-zhang' }),
    ];
    const message = conflictMessage({ events, baseSeq: 2, actorId: 'u-li', refusal: '办件当前为「审查中」。', now: new Date('2026-03-09T03:00:00.000Z') });
    expect(message).toBe('该件已由张三于10:02认领。办件当前为「审查中」。');
  });

  it('adds the date when the decisive event was on another day', () => {
    const events = [central(1, 'review.claimed', 'u-zhang', '张三', '2026-03-08T02:02:00.000Z', { assigneeId: 'u-zhang' })];
    const message = conflictMessage({ events, baseSeq: 0, actorId: 'u-li', refusal: 'x', now: new Date('2026-03-09T03:00:00.000Z') });
    expect(message).toBe('该件已由张三于3月8日10:02认领。x');
  });

  it("names the people the state machine's refusal knows only by id, the 改派's new assignee included", () => {
    const events = [
      central(1, 'review.claimed', 'u-zhang', '张三', '2026-03-09T02:02:00.000Z', { assigneeId: 'u-zhang' }),
      central(2, 'review.reassigned', 'u-boss', '赵科长', '2026-03-09T02:30:00.000Z', { fromId: 'u-zhang', toId: 'u-zhou', toName: '周敏' }),
    ];
    const message = conflictMessage({ events, baseSeq: 1, actorId: 'u-zhang', refusal: '办件当前为「审查中」，已由 u-zhou 认领，不能执行「承办」。', now: new Date('2026-03-09T03:00:00.000Z') });
    expect(message).toBe('该件已由赵科长于10:30改派。办件当前为「审查中」，已由周敏认领，不能执行「承办」。');
  });
});

describe('attachments', () => {
  it('reads a Content-Range', () => {
    expect(parseContentRange('bytes 0-1023/4096')).toEqual({ start: 0, end: 1023, total: 4096 });
    expect(parseContentRange('bytes 10-5/4096')).toBeNull();
    expect(parseContentRange('bytes 0-4096/4096')).toBeNull();
  });
});

describe('OpenAPI document', () => {
  it('the committed copy is what the schemas generate (run node gateway/scripts/write-openapi.ts)', () => {
    expect(readFileSync(openApiPath, 'utf8')).toBe(openApiText());
  });

  it('is OpenAPI 3.1 and documents every route', () => {
    const doc = JSON.parse(openApiText()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/devices/register', '/v1/devices/token', '/v1/session', '/v1/push', '/v1/pull', '/v1/attachments/{sha256}', '/v1/admin/registration-codes']),
    );
  });

  it("resolves every $ref in its components, and describes a refused HEAD's headers once for all its statuses", () => {
    const text = openApiText();
    const doc = JSON.parse(text) as { components: Record<string, Record<string, unknown>>; paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>> };
    const refs: string[] = [];
    JSON.parse(text, (key, value: unknown) => {
      if (key === '$ref') refs.push(String(value));
      return value;
    });
    for (const target of new Set(refs)) {
      const match = /^#\/components\/(\w+)\/([\w.-]+)$/.exec(target);
      expect(match && doc.components[match[1] ?? '']?.[match[2] ?? ''], target).toBeDefined();
    }
    const head = doc.paths['/v1/attachments/{sha256}']?.head;
    const refusals = Object.entries(head?.responses ?? {}).filter(([status]) => status !== '200');
    expect(refusals.length).toBeGreaterThan(3);
    for (const [, answer] of refusals) {
      expect(answer.headers).toEqual({
        'OneWindow-Error-Code': { $ref: '#/components/headers/OneWindow-Error-Code' },
        'OneWindow-Error-Message': { $ref: '#/components/headers/OneWindow-Error-Message' },
      });
    }
    expect(text.split('错误码（同 SyncError.code）').length - 1).toBe(1);
  });
});
