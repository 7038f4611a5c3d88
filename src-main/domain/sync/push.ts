/**
 * `POST /v1/push`: the outbox, oldest first, in batches of at most 1,000 items or 1 MB.
 *
 * Idempotent on each item's `id` (the event's time-ordered UUID, which is also its outbox
 * message id): an item the gateway already holds is answered `duplicate` with its central seq,
 * whether it arrives again because an answer was lost, the app restarted, or the device
 * registered again. Each item gets its own answer, in request order:
 *   applied    numbered and stored now; `seq` is its place in the case;
 *   duplicate  stored before; `seq` as then;
 *   rejected   not stored, never will be as it is; `reason.message` says in Chinese who did what
 *              when (该件已由张三于10:02认领) and `case` / `events` give the case as it stands,
 *              so the app can rebase and show the person why.
 * `case` (the case as it now stands) is given once per case for the applied and duplicate items:
 * on its last such item in the batch; with `answers: 'brief'` they come with `case` null (the app
 * made those events and needs only their numbers), and a rejected item still carries its own.
 * A rejected item never blocks those behind it, of the same case or another. The gateway checks
 * each event against the case as it stands centrally (with the events applied before it in the
 * same batch), with the same state machine as the app.
 *
 * The request is refused as a whole only when it cannot be answered item by item: bad
 * authentication, an unsupported protocol, a body that is not a batch, or a batch over the
 * limits (TOO_LARGE: split it). Client clocks (`at`, `deviceClock`) are recorded, never used for
 * order; a skew over a day is shown to the clerk from `serverTime`.
 */
import { z } from 'zod';
import { caseHeaderSchema, caseNumberSchema, attachmentRefSchema } from './case-header.ts';
import { centreCode, epoch, instant, role, uuid } from './common.ts';
import { caseStandingSchema, centralEventSchema, eventFields } from './events.ts';
import { auditHeadSchema } from './session.ts';

/**
 * A batch's bounds. Each batch costs both ends a fixed share whatever it holds (its round trips,
 * the gateway's statements and transaction, the app's answer committed and fsynced), so a
 * backlog crosses in as few batches as the app's write transactions allow: an answer of 1,000
 * items is still stored in one short transaction beside a clerk's calls. The byte bound cuts a
 * batch whose cases carry unusually large headers (docs/sync-performance.md, "Batches of 1,000").
 */
export const pushLimits = { maxItems: 1000, maxBytes: 1024 * 1024 } as const;

export const caseEventItemSchema = z
  .object({
    kind: z.literal('case.event'),
    id: uuid.describe('事件标识 = 发件箱消息标识 = 幂等键'),
    caseId: uuid,
    caseNumber: caseNumberSchema.describe('办件编号：其前 6 位（受理中心区划）决定本案在网关的分区'),
    localSeq: z.number().int().min(1).describe('本机事件序号（仅供核对）'),
    baseSeq: z.number().int().min(0).nullable().describe('设备作出本事件时已知的网关最后编号；null = 尚未从网关拉取过本案'),
    ...eventFields,
    case: caseHeaderSchema.optional().describe('办件基本信息：开案事件（受理、一次性告知、不予受理）必带，其后可带'),
    attachments: z.array(attachmentRefSchema).max(100).optional().describe('本事件新增的扫描件（如补正收件）'),
  })
  .meta({ id: 'CaseEventItem' });
export type CaseEventItem = z.infer<typeof caseEventItemSchema>;

/** A centre user as an administrator's device changed it: the gateway keeps the last in its own order. */
export const centreUserSchema = z
  .object({
    id: z.string().min(1).max(100),
    username: z.string().min(1).max(100),
    displayName: z.string().min(1).max(100),
    role,
    departmentCode: z.string().max(50).nullable(),
    centreCode: centreCode,
    passwordVerifier: z.string().min(1).max(500).describe('口令校验值（scrypt$N$r$p$salt$hash），使离线的任一窗口都能登录'),
    mustChangePassword: z.boolean(),
    disabled: z.boolean(),
  })
  .meta({ id: 'CentreUser' });
export type CentreUser = z.infer<typeof centreUserSchema>;

export const userUpsertItemSchema = z
  .object({
    kind: z.literal('user.upsert'),
    id: uuid.describe('消息标识 = 幂等键'),
    user: centreUserSchema,
    changedAt: instant.describe('管理员设备上的时刻（仅记录）'),
  })
  .meta({ id: 'UserUpsertItem' });
export type UserUpsertItem = z.infer<typeof userUpsertItemSchema>;

export const pushItemSchema = z.discriminatedUnion('kind', [caseEventItemSchema, userUpsertItemSchema]).meta({ id: 'PushItem' });
export type PushItem = z.infer<typeof pushItemSchema>;

const pushEnvelope = {
  deviceClock: instant.describe('发送时本机时钟（只用于发现时钟偏差）'),
  auditHead: auditHeadSchema.nullable().describe('本机审计链头：网关保存，用于核对本机审计日志未被截断'),
  // Optional, not defaulted: a request without it (an older app) is answered as before, and the
  // type of a request stays what the app and the tests build.
  answers: z
    .enum(['full', 'brief'])
    .optional()
    .describe('应答详略：full（缺省）= applied / duplicate 项带该案现状（case）；brief = 只带网关编号，case 为 null（rejected 项仍带 case 与 events）'),
};
const itemCount = <T extends z.ZodType>(items: T) =>
  z
    .array(items)
    .min(1, { error: '推送批次至少一项' })
    .max(pushLimits.maxItems, { error: `推送批次最多 ${pushLimits.maxItems} 项，请分批` });

/** The request as documented: a batch of push items. */
export const pushRequestSchema = z.object({ ...pushEnvelope, items: itemCount(pushItemSchema) }).meta({ id: 'PushRequest' });
export type PushRequest = z.infer<typeof pushRequestSchema>;

/**
 * The batch as the gateway first reads it: items need only an id here. Each is then parsed on
 * its own (`pushItemSchema`), so one malformed item is rejected alone and the rest still go in.
 */
export const pushBatchSchema = z.object({ ...pushEnvelope, items: itemCount(z.looseObject({ id: uuid })) });

export const rejectionCodes = [
  'STATE_CONFLICT', // the central state machine refuses it: someone acted first, or the case has moved on
  'INVALID_EVENT', // the item itself is malformed (a payload the event type does not allow, a blank field)
  'CASE_UNKNOWN', // an event for a case the gateway has never seen, without the case header
  'CASE_MISMATCH', // the header contradicts what the gateway holds (another case with this number, another device's number)
  'OUT_OF_SCOPE', // the device's centre neither took the case nor is competent for it
  'NOT_ALLOWED', // a user change of another centre's user, or an event whose actor is not one of the device's centre's people in that role
] as const;
export type RejectionCode = (typeof rejectionCodes)[number];

export const pushResultSchema = z
  .object({
    id: uuid,
    outcome: z.enum(['applied', 'duplicate', 'rejected']),
    seq: z.number().int().min(1).nullable().describe('事件的网关编号（applied、duplicate）'),
    reason: z
      .object({
        code: z.enum(rejectionCodes),
        message: z.string().describe('中文：谁在何时做了什么，现在能做什么'),
        field: z.string().optional(),
      })
      .nullable()
      .describe('rejected 时的原因'),
    case: caseStandingSchema.nullable().describe('该案在网关的现状（网关认识该案时）：同一批中的同一案件只在其最后一个 applied / duplicate 项给出一次（请求 answers = brief 时不给）；rejected 项各自给出'),
    events: z.array(centralEventSchema).optional().describe('rejected 时：该案在网关的全部事件，供本机立即重排'),
  })
  .meta({ id: 'PushResult' });
export type PushResult = z.infer<typeof pushResultSchema>;

export const pushResponseSchema = z
  .object({
    epoch,
    serverTime: instant,
    results: z.array(pushResultSchema).describe('与请求的 items 一一对应、顺序相同'),
    ownFeed: z
      .object({
        before: z.string().min(1).max(500).nullable().describe('本批条目之前的拉取游标（变更流开头为 null）'),
        after: z.string().min(1).max(500).describe('本批条目之后的拉取游标'),
      })
      .optional()
      .describe('本批在本机所属中心变更流中追加的条目所在位置：两个游标之间只有本批的条目。本机保存的游标等于 before 时，可在保存应答的同一事务里把游标改为 after，拉取时不再读回本机自己的事件；否则照常拉取。本批未追加条目时不给'),
  })
  .meta({ id: 'PushResponse' });
export type PushResponse = z.infer<typeof pushResponseSchema>;
