/**
 * The case lifecycle (受审分离) as an append-only event log. Every change to a case is one of
 * these events; the case as it stands is `foldCase(events)` (state.ts), and every event is
 * checked by the one state machine in machine.ts before it is written or folded.
 *
 * The TypeScript types describe events made by this code; the zod schemas check events that
 * arrive from outside (sync from other devices, imports) before they reach the state machine.
 * The schemas keep unknown payload keys (loose objects): the log is never rewritten, and a newer
 * device may add fields that an older one must neither refuse nor silently drop.
 */
import { z } from 'zod';
import { roles, type Role } from '../auth/roles.ts';
import { LIMIT_UNITS, MATTER_KINDS, REVIEW_STEP_LABELS, type LimitUnit, type MatterKind } from '../catalogue/schema.ts';
import { AppError } from '../errors.ts';
import { isIsoDate } from '../time/iso-date.ts';

// ---------------------------------------------------------------------------------------------
// Payloads

export type ReviewStep = 1 | 2 | 3;
export type DecisionOutcome = 'granted' | 'denied';
export type SpecialKind = 'hearing' | 'inspection' | 'expert' | 'other';
export type DeliveryMethod = 'window' | 'post' | 'electronic';
export type RatingLevel = 1 | 2 | 3 | 4 | 5;

export const decisionOutcomeLabels: Record<DecisionOutcome, string> = { granted: '准予许可', denied: '不予许可' };
export const specialKinds = ['hearing', 'inspection', 'expert', 'other'] as const satisfies readonly SpecialKind[];
export const specialKindLabels: Record<SpecialKind, string> = { hearing: '听证', inspection: '现场核查', expert: '专家评审', other: '其他' };
export const deliveryMethods = ['window', 'post', 'electronic'] as const satisfies readonly DeliveryMethod[];
export const deliveryMethodLabels: Record<DeliveryMethod, string> = { window: '窗口领取', post: '邮寄送达', electronic: '电子送达' };
/** 好差评 levels, 5 best. */
export const ratingLevelLabels: Record<RatingLevel, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };

/** The window accepts (受理): the clock starts. notice.completed carries the same facts. */
export interface AcceptancePayload {
  caseNumber: string;
  /** 'yyyy-mm-dd', computed with the work calendar when the case was accepted; pauses extend it. */
  dueDate: string;
  limit: { value: number; unit: LimitUnit };
  matterKind: MatterKind;
  /** How many of 承办 → 审核 → 批准 the matter uses (the first `reviewSteps`). */
  reviewSteps: ReviewStep;
}
export interface MissingMaterial {
  key: string;
  name: string;
  status: 'missing' | 'deferred';
}
export interface NoticePayload {
  caseNumber: string;
  missing: MissingMaterial[];
}
export interface RefusalPayload {
  caseNumber: string;
  reason: string;
}
export type EmptyPayload = Record<never, never>;
export interface ClaimPayload {
  assigneeId: string;
}
export interface ReassignPayload {
  /** The assignee the supervisor saw; null = unassigned (指派). A mismatch means someone acted meanwhile. */
  fromId: string | null;
  toId: string;
}
export interface StepPayload {
  step: ReviewStep;
  opinion: string;
}
export interface SupplementItem {
  name: string;
  note?: string;
}
export interface SupplementRequestPayload {
  items: SupplementItem[];
}
export interface SupplementProvidedPayload {
  items: SupplementItem[];
}
export interface SpecialStartPayload {
  kind: SpecialKind;
  reason: string;
}
export interface SpecialEndPayload {
  result: string;
}
export interface DecisionPayload {
  outcome: DecisionOutcome;
  /** Required for 不予许可: the 决定书 states the reason and the appeal rights. */
  reason?: string;
}
export interface DeliveryPayload {
  method: DeliveryMethod;
  collectorName?: string;
  /** Masked as on every list (e.g. 2102**********123X): the full number never enters the log. */
  collectorIdMasked?: string;
  address?: string;
  trackingNumber?: string;
}
export interface RatingIndicators {
  efficiency: RatingLevel;
  competence: RatingLevel;
  attitude: RatingLevel;
}
export interface RatingPayload {
  level: RatingLevel;
  indicators?: RatingIndicators;
  comment?: string;
}
export interface ReasonPayload {
  reason: string;
}
export interface FlagPayload {
  note: string;
}
export interface NotePayload {
  text: string;
}
export interface PrintPayload {
  /** Open set ('acceptance', 'notice', 'refusal', 'handover', …): new notices must not break old logs. */
  document: string;
  copyNumber: number;
}

export interface CaseEventPayloads {
  'intake.accepted': AcceptancePayload;
  'intake.notice': NoticePayload;
  'intake.refused': RefusalPayload;
  'notice.completed': AcceptancePayload;
  'case.transferred': EmptyPayload;
  'review.claimed': ClaimPayload;
  'review.reassigned': ReassignPayload;
  'review.released': EmptyPayload;
  'review.stepCompleted': StepPayload;
  'review.supplementRequested': SupplementRequestPayload;
  'intake.supplementProvided': SupplementProvidedPayload;
  'review.specialStarted': SpecialStartPayload;
  'review.specialEnded': SpecialEndPayload;
  'review.decided': DecisionPayload;
  'immediate.decided': DecisionPayload;
  'handover.delivered': DeliveryPayload;
  'case.closed': EmptyPayload;
  'rating.given': RatingPayload;
  'case.withdrawn': ReasonPayload;
  'case.voided': ReasonPayload;
  'supervision.flagged': FlagPayload;
  'supervision.unflagged': EmptyPayload;
  note: NotePayload;
  'document.printed': PrintPayload;
}
export type CaseEventType = keyof CaseEventPayloads;

export const caseEventTypes = [
  'intake.accepted',
  'intake.notice',
  'intake.refused',
  'notice.completed',
  'case.transferred',
  'review.claimed',
  'review.reassigned',
  'review.released',
  'review.stepCompleted',
  'review.supplementRequested',
  'intake.supplementProvided',
  'review.specialStarted',
  'review.specialEnded',
  'review.decided',
  'immediate.decided',
  'handover.delivered',
  'case.closed',
  'rating.given',
  'case.withdrawn',
  'case.voided',
  'supervision.flagged',
  'supervision.unflagged',
  'note',
  'document.printed',
] as const satisfies readonly CaseEventType[];

interface EventEnvelope<K extends CaseEventType> {
  type: K;
  /** ISO 8601 instant, as the device's clock saw it. */
  at: string;
  /** null only for the applicant's own act (the rating pad, an online 好差评). */
  actorId: string | null;
  actorRole: Role | null;
}
export type CaseEvent = { [K in CaseEventType]: EventEnvelope<K> & { payload: CaseEventPayloads[K] } }[CaseEventType];
export type CaseEventOf<K extends CaseEventType> = Extract<CaseEvent, { type: K }>;

// ---------------------------------------------------------------------------------------------
// Cross-field rules, shared by the schemas (sync) and the state machine (typed events)

export interface PayloadProblem {
  field: string;
  message: string;
}

const blank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

/** 不予许可 without a reason would produce a 决定书 the applicant cannot appeal against. */
export function decisionProblem(p: DecisionPayload): PayloadProblem | null {
  if (p.outcome === 'denied' && blank(p.reason)) return { field: 'reason', message: '不予许可须写明理由（决定书须载明理由及申请人的救济权利）' };
  return null;
}

/** Each method's proof of delivery: who collected, or where it was posted and how to trace it. */
export function deliveryProblem(p: DeliveryPayload): PayloadProblem | null {
  if (p.method === 'window' && blank(p.collectorName)) return { field: 'collectorName', message: '窗口领取须登记领取人姓名' };
  if (p.method === 'post') {
    if (blank(p.address)) return { field: 'address', message: '邮寄送达须填写邮寄地址' };
    if (blank(p.trackingNumber)) return { field: 'trackingNumber', message: '邮寄送达须填写快递单号' };
  }
  if (p.collectorIdMasked !== undefined && !p.collectorIdMasked.includes('*')) {
    return { field: 'collectorIdMasked', message: '领取人证件号码须脱敏后登记（如 2102**********123X），不得记录完整号码' };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Schemas

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

const level = (what: string) =>
  z
    .number({ error: typed(what, '数字 1–5') })
    .int({ error: `${what}应为整数 1–5` })
    .min(1, { error: `${what}应为 1–5` })
    .max(5, { error: `${what}应为 1–5` })
    .transform((n) => n as RatingLevel);

const reviewStep = (what: string) =>
  z
    .number({ error: typed(what, '数字') })
    .int({ error: `${what}应为整数` })
    .min(1, { error: `${what}应为 1–${REVIEW_STEP_LABELS.length}` })
    .max(REVIEW_STEP_LABELS.length, { error: `${what}应为 1–${REVIEW_STEP_LABELS.length}` })
    .transform((n) => n as ReviewStep);

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

const envelopeSchema = z
  .object({
    type: z.enum(caseEventTypes, { error: (iss) => `未知的事件类型“${String(iss.input)}”` }),
    at: z.iso.datetime({ offset: true, error: '事件时间应为 ISO 8601 时刻，例如 2026-03-09T08:30:00.000Z' }),
    actorId: userId('操作人').nullable(),
    actorRole: z.enum(roles, { error: '操作人角色无效' }).nullable(),
    payload: z.unknown(),
  })
  .superRefine((e, ctx) => {
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
