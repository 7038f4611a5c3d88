/**
 * The quick check of a pulled page or a push batch may only ever say yes where zod says yes, and
 * then the value must be exactly what zod returns; everything else goes to zod. Checked on a page
 * as the gateway sends it and a batch as the app sends it, and on many random corruptions of each.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { caseNumberCheckChar } from '../../../../src-main/domain/cases/case-number.ts';
import { caseEventPayloadSchemas, envelopeFieldsSchema } from '../../../../src-main/domain/lifecycle/events.ts';
import { pullResponseSchema } from '../../../../src-main/domain/sync/pull.ts';
import { pushItemSchema, pushRequestSchema } from '../../../../src-main/domain/sync/push.ts';
import { sessionResponseSchema } from '../../../../src-main/domain/sync/session.ts';
import { quickCheck } from '../../../../src-main/domain/sync/quick-check.ts';

const caseNumber = (seq: number) => {
  const body = `21021120261202A01${String(seq).padStart(5, '0')}`;
  return body + caseNumberCheckChar(body);
};
const caseId = (n: number) => `0192f3c4-5d6e-7f80-9a1b-${String(n).padStart(12, '0')}`;

function page(): unknown {
  const cases = [1, 2].map((n) => ({
    header: {
      caseId: caseId(n), caseNumber: caseNumber(n), parentCaseId: null, bundleCode: null, isBundle: false,
      matter: { code: 'GJZ-SCJG-0001', name: '企业设立登记', version: 1, departmentCode: 'GJZ-SCJG', regionCode: '210211', kind: 'promised' },
      channel: 'window', windowNumber: '03', clerkId: 'demo-user-clerk', clerkName: '王芳', applicantType: 'individual', applicantIdType: 'resident_id', applicantCreditCode: null,
      personal: { name: '张三', idNumber: '11010519491231002X', phone: '13904111234', address: null, legalRepresentative: null, contactName: null, agentName: null, agentIdNumber: null, agentPhone: null, queryPassword: '123456' },
      limits: { promised: { value: 5, unit: 'working' }, statutory: { value: 20, unit: 'working' } },
      ticket: { number: 'A002', takenAt: '2026-12-02T02:01:00.000Z', calledAt: null },
      materials: [{ line: 1, key: 'GJZ-SCJG-0001/M01', name: '申请书', form: 'original', copies: 1, required: true, canDefer: false, status: 'received', matterCodes: ['GJZ-SCJG-0001'] }],
      attachments: [],
      createdAt: '2026-12-02T02:28:00.000Z',
    },
    standing: { caseId: caseId(n), caseNumber: caseNumber(n), homeRegion: '210211', competentRegion: '210211', seq: 2, status: 'in_review', statusLabel: '审查中', assigneeId: null, assigneeName: null, updatedAt: '2026-12-02T02:30:00.000Z' },
  }));
  const events = [1, 2].flatMap((n) => [
    { id: caseId(100 + n), caseId: caseId(n), seq: 1, type: 'intake.accepted', at: '2026-12-02T02:28:00.000Z', actorId: 'demo-user-clerk', actorRole: 'clerk', actorName: '王芳', note: null, payload: { caseNumber: caseNumber(n), dueDate: '2026-12-09' }, recordedAt: '2026-12-02T02:28:01.000Z', deviceCode: 'A01', centreCode: '210211' },
    { id: caseId(200 + n), caseId: caseId(n), seq: 2, type: 'case.transferred', at: '2026-12-02T02:30:00.000Z', actorId: 'demo-user-clerk', actorRole: 'clerk', actorName: null, note: '转后台', payload: {}, recordedAt: '2026-12-02T02:30:01.000Z', deviceCode: 'A01', centreCode: '210211' },
  ]);
  return {
    epoch: 'e1', cursor: 'c1', hasMore: true, events, acknowledged: [{ id: caseId(300), caseId: caseId(1), seq: 3 }], cases,
    users: [{ id: 'u1', username: 'zhangsan', displayName: '张三', role: 'reviewer', departmentCode: 'GJZ-SCJG', centreCode: '210211', passwordVerifier: `scrypt$${'a'.repeat(60)}`, mustChangePassword: false, disabled: false, version: 1, updatedAt: '2026-12-02T02:30:01.000Z' }],
    catalogues: [], calendars: [{ year: 2026, publishedAt: '2026-01-01T00:00:00.000Z', calendar: { holidays: [] } }],
  };
}

const quick = quickCheck(pullResponseSchema);

/** Every place in the value: the path to it. */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [at];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return [at, ...entries.flatMap(([k, v]) => paths(v, [...at, k]))];
}

function at(root: unknown, path: (string | number)[]): Record<string | number, unknown> {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root) as Record<string | number, unknown>;
}

// Beside wrong kinds: values each refinement refuses (a blank text, a day that does not exist, a
// rating or review step one past its range, a fraction where a whole number goes).
const replacements: unknown[] = [null, undefined, '', ' ', 'x', 'ＡＢ', '2026-13-40', '2026-02-30', '21021120261202A01000011', -1, 0, 1.5, 2.5, 4, 6, 1e400, Number.NaN, true, [], {}, 'x'.repeat(600), ['x'], { extra: 1 }];

/** Random corruptions of `make()`: the quick check never passes what zod refuses, and what it passes is what zod returns. */
function neverPassesWhatZodRefuses(schema: z.ZodType, make: () => unknown): void {
  const check = quickCheck(schema);
  const all = paths(make()).filter((p) => p.length > 0);
  fc.assert(
    fc.property(fc.array(fc.record({ path: fc.constantFrom(...all), how: fc.integer({ min: 0, max: replacements.length + 2 }) }), { minLength: 1, maxLength: 3 }), (changes) => {
      const value = make();
      for (const { path, how } of changes) {
        const parent = (() => {
          try {
            return at(value, path.slice(0, -1));
          } catch {
            return null;
          }
        })();
        if (parent === null || typeof parent !== 'object') continue;
        const key = path.at(-1) as string | number;
        // A key beside the elements of an array cannot come out of JSON.parse: only objects get one.
        if (how === replacements.length) delete parent[key];
        else if (how > replacements.length && Array.isArray(parent)) continue;
        else if (how === replacements.length + 1) parent.unnamed = 'kept?';
        else if (how === replacements.length + 2) Object.defineProperty(parent, '__proto__', { value: { polluted: true }, enumerable: true, configurable: true, writable: true });
        else parent[key] = structuredClone(replacements[how]);
      }
      const zod = schema.safeParse(value);
      const passed = check.pass(value);
      if (!zod.success) expect(passed).toBeNull();
      if (passed !== null) expect(passed).toEqual(zod.data);
    }),
    { numRuns: 3000 },
  );
}

/** A good `what` passes as the very value zod returns, and no corruption of it passes where zod refuses. */
function passesExactlyWhatZodPasses(what: string, schema: z.ZodType, make: () => unknown): void {
  it(`passes a good ${what} as the very value zod returns`, () => {
    const value = make();
    expect(schema.safeParse(value).success).toBe(true);
    expect(quickCheck(schema).pass(value)).toBe(value);
  });

  it('never passes what zod refuses, and what it passes is what zod returns', () => {
    neverPassesWhatZodRefuses(schema, make);
  });
}

/** A push batch as the app sends it: an opening event with its case, a later event, an account change. */
function batch(): unknown {
  const header = (page() as { cases: { header: unknown }[] }).cases[0]?.header;
  const event = { kind: 'case.event', caseId: caseId(1), caseNumber: caseNumber(1), actorId: 'demo-user-clerk', actorRole: 'clerk', actorName: '王芳' };
  return {
    deviceClock: '2026-12-02T02:31:00.000Z',
    auditHead: { seq: 12, hash: 'a'.repeat(64), at: '2026-12-02T02:30:00.000Z' },
    items: [
      { ...event, id: caseId(101), localSeq: 1, baseSeq: null, type: 'intake.accepted', at: '2026-12-02T02:28:00.000Z', note: null, payload: { caseNumber: caseNumber(1), dueDate: '2026-12-09' }, case: header },
      { ...event, id: caseId(201), localSeq: 2, baseSeq: 1, type: 'case.transferred', at: '2026-12-02T02:30:00.000Z', note: '转后台', payload: {}, attachments: [] },
      { kind: 'user.upsert', id: caseId(301), changedAt: '2026-12-02T02:30:00.000Z', user: { id: 'u1', username: 'zhangsan', displayName: '张三', role: 'reviewer', departmentCode: 'GJZ-SCJG', centreCode: '210211', passwordVerifier: `scrypt$${'a'.repeat(60)}`, mustChangePassword: false, disabled: false } },
    ],
  };
}

describe('the quick checks of an event at judging (gateway push-judge.ts)', () => {
  const event = () => ({ type: 'review.claimed', at: '2026-12-02T02:30:00.000+08:00', actorId: 'u-zhang', actorRole: 'reviewer', payload: { assigneeId: 'u-zhang' } });

  const acceptance = () => ({ caseNumber: caseNumber(1), dueDate: '2026-12-09', limit: { value: 5, unit: 'working' }, matterKind: 'promised', reviewSteps: 3 });
  const rating = () => ({ level: 5, indicators: { efficiency: 4, competence: 5, attitude: 1 }, comment: '办得快' });

  it('cover the envelope and every event type, so no event falls back to zod for its kind alone', () => {
    expect(quickCheck(envelopeFieldsSchema).covered).toBe(true);
    for (const [type, schema] of Object.entries(caseEventPayloadSchemas)) expect({ type, covered: quickCheck(schema).covered }).toEqual({ type, covered: true });
  });

  it('never pass what zod refuses, and what they pass is what zod returns', () => {
    neverPassesWhatZodRefuses(envelopeFieldsSchema, event);
    neverPassesWhatZodRefuses(caseEventPayloadSchemas['review.decided'], () => ({ outcome: 'denied', reason: '材料不齐' }));
    neverPassesWhatZodRefuses(caseEventPayloadSchemas['handover.delivered'], () => ({ method: 'post', collectorName: null, address: '大连市甘井子区某路1号', trackingNumber: 'SF123' }));
    neverPassesWhatZodRefuses(caseEventPayloadSchemas['intake.accepted'], acceptance);
    neverPassesWhatZodRefuses(caseEventPayloadSchemas['notice.completed'], acceptance);
    neverPassesWhatZodRefuses(caseEventPayloadSchemas['review.stepCompleted'], () => ({ step: 2, opinion: '材料齐全，同意' }));
    neverPassesWhatZodRefuses(caseEventPayloadSchemas['rating.given'], rating);
  });

  it('refuse, as zod does with its own message, a rating, a review step or a due date out of range', () => {
    const refused: [keyof typeof caseEventPayloadSchemas, unknown, string][] = [
      ['rating.given', { ...rating(), level: 6 }, '评价等级应为 1–5'],
      ['rating.given', { ...rating(), level: 0 }, '评价等级应为 1–5'],
      ['rating.given', { ...rating(), level: 4.5 }, '评价等级应为整数 1–5'],
      ['rating.given', { ...rating(), indicators: { efficiency: 4, competence: 6, attitude: 1 } }, '业务能力评价应为 1–5'],
      ['review.stepCompleted', { step: 4, opinion: '同意' }, '审查环节应为 1–3'],
      ['review.stepCompleted', { step: 1, opinion: '  ' }, '审查意见不能为空'],
      ['intake.accepted', { ...acceptance(), reviewSteps: 0 }, '审查环节数应为 1–3'],
      ['notice.completed', { ...acceptance(), dueDate: '2026-02-30' }, '“2026-02-30”不是有效日期，格式应为 yyyy-mm-dd'],
    ];
    for (const [type, payload, message] of refused) {
      const zod = caseEventPayloadSchemas[type].safeParse(payload);
      expect({ type, messages: zod.error?.issues.map((i) => i.message) }).toEqual({ type, messages: [message] });
      expect(quickCheck(caseEventPayloadSchemas[type]).pass(payload)).toBeNull();
    }
    for (const [type, payload] of [['rating.given', rating()], ['review.stepCompleted', { step: 3, opinion: '同意' }], ['intake.accepted', acceptance()]] as const) {
      expect(quickCheck(caseEventPayloadSchemas[type]).pass(payload)).toBe(payload);
    }
  });
});

describe('the quick check of a pulled page', () => {
  it('knows every node of the pull schema, so pages do not all fall back to zod', () => {
    expect(quick.covered).toBe(true);
  });

  it('passes a good page as the very value zod returns', () => {
    const value = page();
    expect(pullResponseSchema.safeParse(value).success).toBe(true);
    expect(quick.pass(value)).toBe(value);
    expect(quick.pass(value)).toEqual(pullResponseSchema.parse(value));
  });

  it('never passes what zod refuses, and what it passes is what zod returns', () => {
    neverPassesWhatZodRefuses(pullResponseSchema, page);
  });

  it('answers for a value whose refinement checks another value against the same node while it runs', () => {
    // A node's checks share one working payload between calls; a call that reaches the node again
    // from inside one of its checks must not see or change the outer call's.
    let check: ReturnType<typeof quickCheck<z.ZodString>> | null = null;
    const schema = z.string().refine((s) => s === '' || check?.pass('') === null).min(1);
    check = quickCheck(schema);
    expect(check.covered).toBe(true);
    expect(schema.safeParse('abc').success).toBe(true);
    expect(check.pass('abc')).toBe('abc');
    expect(check.pass('')).toBeNull();
    expect(check.pass('abc')).toBe('abc');
  });

  it('leaves to zod a schema with kinds it does not know (a default, a transform)', () => {
    expect(quickCheck(z.object({ n: z.number().default(1) })).covered).toBe(false);
    expect(quickCheck(z.string().trim()).pass(' a ')).toBeNull();
    expect(quickCheck(z.object({ a: z.string().transform((s) => s.length) })).covered).toBe(false);
  });
});

describe('the quick check of a push batch (items of two kinds, told apart by their kind)', () => {
  it('knows every node of the push request, so batches do not all fall back to zod', () => {
    expect(quickCheck(pushRequestSchema).covered).toBe(true);
    expect(quickCheck(pushItemSchema).covered).toBe(true);
  });

  passesExactlyWhatZodPasses('batch', pushRequestSchema, batch);

  it('leaves a plain union (zod takes the first option that parses) to zod', () => {
    expect(quickCheck(z.union([z.object({ a: z.string() }), z.object({ a: z.string(), b: z.number() })])).covered).toBe(false);
  });
});

describe('the quick check of the session answer (it opens every sync cycle)', () => {
  const session = () => ({
    epoch: '0192f3c4-5d6e-7f80-9a1b-00000000e001',
    protocol: { current: 1, oldestAccepted: 1 },
    serverTime: '2026-12-02T01:00:00.000Z',
    device: { deviceId: caseId(7), deviceCode: 'A01', deviceRole: 'window', centre: { code: '210211001', regionCode: '210211', name: '大连市甘井子区政务服务中心' } },
    deviceEvents: { count: 3, lastEventId: caseId(9) },
    auditHead: { seq: 12, hash: 'a'.repeat(64), at: '2026-12-02T00:59:00.000Z' },
  });

  passesExactlyWhatZodPasses('answer', sessionResponseSchema, session);
});

describe('each kind of check the quick check runs itself', () => {
  // Values at and beside each bound, with zod as the judge: a string's length counts code points
  // for zod (𠀀 is one code point, two UTF-16 units), a whole number must be a safe one, and a
  // pattern with the global flag is tested from its start each time.
  const wide = '𠀀';
  const uuid = '0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6071';
  const kinds: [string, z.ZodType, unknown[]][] = [
    ['a maximum length', z.string().max(3), ['', 'abc', 'abcd', wide.repeat(3), wide.repeat(4), `ab${wide}`, `abc${wide}`]],
    ['a minimum length', z.string().min(2), ['', 'a', 'ab', wide, wide.repeat(2), `a${wide}`, 'abcd']],
    ['a length of an array', z.array(z.number()).min(2).max(3), [[], [1], [1, 2], [1, 2, 3], [1, 2, 3, 4]]],
    ['a whole number', z.int(), [0, -1, 1.5, 2 ** 53 - 1, 2 ** 53, -(2 ** 53) + 1, -(2 ** 53), Number.MAX_VALUE]],
    ['a lower bound', z.number().gt(1), [0, 1, 1.0001, 2]],
    ['an inclusive lower bound', z.number().min(1), [0, 0.999, 1, 2]],
    ['an upper bound', z.number().lt(5), [4, 4.999, 5, 6]],
    ['an inclusive upper bound', z.number().max(5), [4, 5, 5.0001, 6]],
    ['a uuid', z.uuid(), [uuid, uuid.toUpperCase(), uuid.slice(1), `${uuid}0`, uuid.replace('-', '_'), '00000000-0000-0000-0000-000000000000']],
    ['a time', z.iso.datetime(), ['2026-12-02T02:28:00.000Z', '2026-12-02T02:28:00Z', '2026-12-02T02:28:00+08:00', '2026-12-02 02:28:00Z', '2026-13-02T02:28:00Z']],
    ['a date', z.iso.date(), ['2026-12-02', '2026-02-30', '2026-2-3', '20261202']],
    ['a pattern', z.string().regex(/^A\d{2}$/), ['A01', 'A1', 'xA01', 'A012']],
    ['a pattern with the global flag', z.string().regex(/^a/g), ['a', 'a', 'ab', 'b']],
    ["a format with code of zod's own (base64)", z.base64(), ['YQ==', 'YQ=', 'abc', '']],
  ];
  for (const [kind, schema, values] of kinds) {
    it(`passes ${kind} exactly where zod does`, () => {
      const check = quickCheck(schema);
      expect(check.covered).toBe(true);
      for (const value of values) expect(check.pass(value) !== null, JSON.stringify(value)).toBe(schema.safeParse(value).success);
    });
  }
});
