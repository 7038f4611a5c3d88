/**
 * `POST /v1/pull`: the change feed of the device's centre, in pages, from an opaque cursor.
 *
 * A device receives what its centre needs:
 *   - cases taken at its centre (their whole history: every device's events on them);
 *   - cases whose matter's competent authority is its centre's region, wherever they were taken
 *     (跨区通办: a case taken at 210211 for a matter of 210202 appears at 210202's county hall,
 *     and the 210202 reviewer's decision comes back to 210211 through the first rule);
 *   - the catalogue versions and work calendars published for its region;
 *   - its centre's users and roles, with password verifiers, so any clerk can log in at any
 *     window while offline.
 * The app saves each page and its cursor in one local transaction, then asks for the next page
 * while `hasMore`. With `waitSeconds` the gateway holds an empty answer open until something
 * changes (long-poll), so a case accepted at the window shows in the back office within a second
 * or two; polling with `waitSeconds: 0` is the fallback.
 *
 * A cursor from another epoch is refused with EPOCH_CHANGED: pull again from `null`.
 */
import { z } from 'zod';
import { caseHeaderSchema } from './case-header.ts';
import { epoch, instant, regionCode, uuid } from './common.ts';
import { caseStandingSchema, centralEventSchema } from './events.ts';
import { centreUserSchema } from './push.ts';

export const pullLimits = { defaultLimit: 1000, maxLimit: 5000, maxWaitSeconds: 25 } as const;

export const pullRequestSchema = z
  .object({
    cursor: z.string().min(1).max(500).nullable().describe('上次拉取返回的游标；首次为 null（从头开始）'),
    limit: z.number().int().min(1).max(pullLimits.maxLimit).default(pullLimits.defaultLimit).describe('每页最多几条变更（事件、用户、事项目录、日历合计；ownEventRuns 时本设备自己的一段事件计为一条）'),
    waitSeconds: z.number().int().min(0).max(pullLimits.maxWaitSeconds).default(0).describe('无新变更时最多等待几秒（长轮询）；0 = 立即返回'),
    ownEvents: z
      .enum(['full', 'brief'])
      .default('full')
      .describe('本设备自己推送的事件：full = 与其他事件一样全文返回；brief = 只在 acknowledged 中返回标识与网关编号（本机已有全文）'),
    ownEventRuns: z
      .boolean()
      .optional()
      .describe('与 ownEvents = brief 同用：本设备自己的事件按段返回（acknowledgedRuns：案件与网关编号起止），不逐条列出；本机核对不符时以 brief 重新拉取本页'),
  })
  .meta({ id: 'PullRequest' });
export type PullRequest = z.input<typeof pullRequestSchema>;

export const pulledCaseSchema = z
  .object({
    header: caseHeaderSchema,
    standing: caseStandingSchema,
  })
  .meta({ id: 'PulledCase' });
export type PulledCase = z.infer<typeof pulledCaseSchema>;

export const catalogueVersionSchema = z
  .object({
    regionCode,
    version: z.string().describe('事项目录版本'),
    publishedAt: instant,
    catalogue: z.record(z.string(), z.unknown()).describe('事项目录（与 catalogue/import 所收的 JSON 相同）'),
  })
  .meta({ id: 'CatalogueVersion' });
export type CatalogueVersion = z.infer<typeof catalogueVersionSchema>;

export const calendarYearSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    publishedAt: instant,
    calendar: z.record(z.string(), z.unknown()).describe('工作日历（与 resources/calendars/<年>.json 相同）'),
  })
  .meta({ id: 'CalendarYear' });
export type CalendarYear = z.infer<typeof calendarYearSchema>;

export const pulledUserSchema = centreUserSchema
  .extend({ version: z.number().int().min(1).describe('网关为该用户记录的版本'), updatedAt: instant.describe('网关时刻') })
  .meta({ id: 'PulledUser' });
export type PulledUser = z.infer<typeof pulledUserSchema>;

/** One of the pulling device's own events, by id and central number only (`ownEvents: 'brief'`). */
export const acknowledgedEventSchema = z
  .object({
    id: uuid,
    caseId: uuid,
    seq: z.number().int().min(1).describe('网关为本案事件的编号'),
  })
  .meta({ id: 'AcknowledgedEvent' });
export type AcknowledgedEvent = z.infer<typeof acknowledgedEventSchema>;

/**
 * A run of the pulling device's own events of one case, numbered `firstSeq` … `lastSeq` one after
 * another (`ownEventRuns`): the device checks that it holds each of those numbers, which only
 * this epoch's gateway gave it, and asks the page again brief when one is missing.
 */
export const acknowledgedRunSchema = z
  .object({
    caseId: uuid,
    firstSeq: z.number().int().min(1).describe('本段第一个事件的网关编号'),
    lastSeq: z.number().int().min(1).describe('本段最后一个事件的网关编号'),
  })
  .meta({ id: 'AcknowledgedRun' });
export type AcknowledgedRun = z.infer<typeof acknowledgedRunSchema>;

export const pullResponseSchema = z
  .object({
    epoch,
    cursor: z.string().describe('下一页的游标：与本页一起保存在同一个本地事务里'),
    hasMore: z.boolean().describe('是否还有下一页'),
    events: z.array(centralEventSchema).describe('按网关顺序；同一案件的事件按 seq 递增'),
    acknowledged: z
      .array(acknowledgedEventSchema)
      .optional()
      .describe('ownEvents = brief 时：本页中本设备自己的事件，只有标识与网关编号（不在 events 中，其案件也不因它们列入 cases）'),
    acknowledgedRuns: z
      .array(acknowledgedRunSchema)
      .optional()
      .describe('ownEventRuns 时：本页中本设备自己的事件按段（同一案件、编号相连），代替 acknowledged 逐条列出（不在 events 中，其案件也不因它们列入 cases）'),
    cases: z.array(pulledCaseSchema).describe('本页事件涉及的每个案件：基本信息与现状'),
    users: z.array(pulledUserSchema).describe('本中心变更了的用户'),
    catalogues: z.array(catalogueVersionSchema),
    calendars: z.array(calendarYearSchema),
  })
  .meta({ id: 'PullResponse' });
export type PullResponse = z.infer<typeof pullResponseSchema>;
