/** The zod schemas that check a case event arriving from outside (sync, import) before the state machine sees it. */
import { z } from 'zod';
import { roles } from '../auth/roles.ts';
import { LIMIT_UNITS, MATTER_KINDS, REVIEW_STEP_LABELS } from '../catalogue/schema.ts';
import { AppError } from '../errors.ts';
import { isIsoDate } from '../time/iso-date.ts';
import {
  caseEventTypes,
  decisionProblem,
  deliveryMethods,
  deliveryProblem,
  specialKinds,
  type AcceptancePayload,
  type CaseEvent,
  type CaseEventPayloads,
  type CaseEventType,
  type DecisionPayload,
  type EmptyPayload,
  type RatingLevel,
  type ReasonPayload,
  type ReviewStep,
} from './event-payloads.ts';

const typed = (what: string, kind: string) => (iss: { input?: unknown }) => (iss.input === undefined ? `缺少${what}` : `${what}应为${kind}`);

const text = (what: string, max: number) =>
  z
    .string({ error: typed(what, '文字') })
    .max(max, { error: `${what}最多 ${max} 个字` })
    .refine((s) => s.trim() !== '', { error: `${what}不能为空` });

const optionalText = (what: string, max: number) => text(what, max).optional();

const isoDate = z
  .string({ error: typed('日期', '文字，格式 yyyy-mm-dd') })
  .refine(isIsoDate, { error: (iss) => `“${String(iss.input)}”不是有效日期，格式应为 yyyy-mm-dd` });

const isRatingLevel = (n: number): n is RatingLevel => Number.isInteger(n) && n >= 1 && n <= 5;
const isReviewStep = (n: number): n is ReviewStep => Number.isInteger(n) && n >= 1 && n <= REVIEW_STEP_LABELS.length;

/**
 * The parameters of a check that narrows a number to its literal type (`.refine` with a type
 * predicate) where a transform did before: a transform is a step only zod can run, so every event
 * carrying one fell back from the quick check to zod (quick-check.ts), while a refinement is a
 * check both run. It runs only where the checks before it passed, so it refuses nothing they
 * accept and adds no issue beside theirs.
 */
const onlyAfterPassing = (error: string) => ({ error, when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 });

const level = (what: string) =>
  z
    .number({ error: typed(what, '数字 1–5') })
    .int({ error: `${what}应为整数 1–5` })
    .min(1, { error: `${what}应为 1–5` })
    .max(5, { error: `${what}应为 1–5` })
    .refine(isRatingLevel, onlyAfterPassing(`${what}应为 1–5`));

const reviewStep = (what: string) =>
  z
    .number({ error: typed(what, '数字') })
    .int({ error: `${what}应为整数` })
    .min(1, { error: `${what}应为 1–${REVIEW_STEP_LABELS.length}` })
    .max(REVIEW_STEP_LABELS.length, { error: `${what}应为 1–${REVIEW_STEP_LABELS.length}` })
    .refine(isReviewStep, onlyAfterPassing(`${what}应为 1–${REVIEW_STEP_LABELS.length}`));

const userId = (what: string) => text(what, 100);
const empty = z.looseObject({}) satisfies z.ZodType<EmptyPayload>;

const acceptance = z.looseObject({
  caseNumber: text('办件编号', 50),
  dueDate: isoDate,
  limit: z.looseObject(
    {
      value: z.number({ error: typed('时限', '数字') }).int({ error: '时限应为整数' }).min(0, { error: '时限不能为负数' }),
      unit: z.enum(LIMIT_UNITS, { error: '时限单位应为 working（工作日）或 calendar（自然日）' }),
    },
    { error: typed('时限', '对象') },
  ),
  matterKind: z.enum(MATTER_KINDS, { error: '办件类型应为 immediate（即办件）或 promised（承诺件）' }),
  reviewSteps: reviewStep('审查环节数'),
}) satisfies z.ZodType<AcceptancePayload>;

const supplementItems = (what: string) =>
  z
    .array(z.looseObject({ name: text('材料名称', 200), note: optionalText('说明', 500) }, { error: typed('材料', '对象') }), {
      error: typed(what, '列表'),
    })
    .min(1, { error: `${what}至少列出一项材料` });

const decision = z
  .looseObject({
    outcome: z.enum(['granted', 'denied'], { error: '决定结果应为 granted（准予许可）或 denied（不予许可）' }),
    reason: optionalText('理由', 1000),
  })
  .superRefine((p, ctx) => {
    const problem = decisionProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  }) satisfies z.ZodType<DecisionPayload>;

const reason = (what: string) => z.looseObject({ reason: text(what, 1000) }) satisfies z.ZodType<ReasonPayload>;

export const caseEventPayloadSchemas: { [K in CaseEventType]: z.ZodType<CaseEventPayloads[K]> } = {
  'intake.accepted': acceptance,
  'intake.notice': z.looseObject({
    caseNumber: text('办件编号', 50),
    missing: z
      .array(
        z.looseObject(
          {
            key: text('材料键', 200),
            name: text('材料名称', 200),
            status: z.enum(['missing', 'deferred'], { error: '材料状态应为 missing（缺失）或 deferred（容缺后补）' }),
          },
          { error: typed('缺失材料', '对象') },
        ),
        { error: typed('缺失材料', '列表') },
      )
      .min(1, { error: '一次性告知须列出至少一项缺失材料' }),
  }),
  'intake.refused': z.looseObject({ caseNumber: text('办件编号', 50), reason: text('不予受理理由', 1000) }),
  'notice.completed': acceptance,
  'case.transferred': empty,
  'review.claimed': z.looseObject({ assigneeId: userId('认领人') }),
  'review.reassigned': z.looseObject({
    fromId: userId('原承办人').nullable(),
    toId: userId('新承办人'),
    toName: z.string().max(100).nullable().optional(),
  }),
  'review.released': empty,
  'review.stepCompleted': z.looseObject({ step: reviewStep('审查环节'), opinion: text('审查意见', 2000) }),
  'review.supplementRequested': z.looseObject({ items: supplementItems('退回补正') }),
  'intake.supplementProvided': z.looseObject({ items: supplementItems('补正收件') }),
  'review.specialStarted': z.looseObject({
    kind: z.enum(specialKinds, { error: '特别程序种类应为 hearing、inspection、expert 或 other' }),
    reason: text('特别程序事由', 1000),
  }),
  'review.specialEnded': z.looseObject({ result: text('特别程序结果', 1000) }),
  'review.decided': decision,
  'immediate.decided': decision,
  'handover.delivered': z
    .looseObject({
      method: z.enum(deliveryMethods, { error: '出件方式应为 window（窗口领取）、post（邮寄）或 electronic（电子送达）' }),
      collectorName: optionalText('领取人姓名', 100),
      collectorIdMasked: optionalText('领取人证件号码', 30),
      address: optionalText('邮寄地址', 200),
      trackingNumber: optionalText('快递单号', 50),
    })
    .superRefine((p, ctx) => {
      const problem = deliveryProblem(p);
      if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
    }),
  'case.closed': empty,
  'rating.given': z.looseObject({
    level: level('评价等级'),
    indicators: z
      .looseObject(
        { efficiency: level('办事效率评价'), competence: level('业务能力评价'), attitude: level('服务态度评价') },
        { error: typed('分项评价', '对象') },
      )
      .optional(),
    comment: optionalText('评价意见', 500),
  }),
  'case.withdrawn': reason('撤件理由'),
  'case.voided': reason('作废理由'),
  'supervision.flagged': z.looseObject({ note: text('督办意见', 1000) }),
  'supervision.unflagged': empty,
  note: z.looseObject({ text: text('备注', 2000) }),
  'document.printed': z.looseObject({
    document: text('文书种类', 50),
    copyNumber: z.number({ error: typed('份次', '数字') }).int({ error: '份次应为整数' }).min(1, { error: '份次从 1 开始' }),
  }),
};

/** An event's fields beside its payload, each checked alone (the pair rule is `envelopeSchema`'s). */
export const envelopeFieldsSchema = z.object({
  type: z.enum(caseEventTypes, { error: (iss) => `未知的事件类型“${String(iss.input)}”` }),
  at: z.iso.datetime({ offset: true, error: '事件时间应为 ISO 8601 时刻，例如 2026-03-09T08:30:00.000Z' }),
  actorId: userId('操作人').nullable(),
  actorRole: z.enum(roles, { error: '操作人角色无效' }).nullable(),
  payload: z.unknown(),
});

const envelopeSchema = envelopeFieldsSchema.superRefine((e, ctx) => {
  // Either a staff member with a role acted, or the applicant did (both null); never half of it.
  if ((e.actorId === null) !== (e.actorRole === null)) {
    ctx.addIssue({ code: 'custom', path: ['actorRole'], message: '操作人与角色须同时填写（申请人本人操作时同时为空）' });
  }
});

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc === '' ? String(seg) : `${acc}.${String(seg)}`), '');
}

function invalid(error: z.ZodError, prefix: string[], what: string): AppError {
  const issues = error.issues.map((iss) => ({ path: pathOf([...prefix, ...iss.path]), message: iss.message }));
  const first = issues[0] ?? { path: '', message: '内容无法识别' };
  return new AppError('VALIDATION', `${what}有误${first.path === '' ? '' : `（${first.path}）`}：${first.message}`, {
    field: first.path === '' ? undefined : first.path,
    details: { issues },
  });
}

/**
 * Checks one event from outside (sync, import) and returns it typed. Only the shape is checked
 * here; whether it may happen now is the state machine's question (`applyEvent`).
 */
export function parseCaseEvent(raw: unknown): CaseEvent {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) throw invalid(envelope.error, [], '办件事件');
  const { type, at, actorId, actorRole } = envelope.data;
  const body = envelope.data.payload;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('VALIDATION', `办件事件“${type}”的内容应为 JSON 对象（{ … }）`, { field: 'payload' });
  }
  const payload = caseEventPayloadSchemas[type].safeParse(body);
  if (!payload.success) throw invalid(payload.error, ['payload'], `办件事件“${type}”的内容`);
  // The schema was chosen by `type`, so the pair matches; TypeScript cannot see through the lookup.
  return { type, at, actorId, actorRole, payload: payload.data } as CaseEvent;
}
