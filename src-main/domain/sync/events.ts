/**
 * Case events on the wire. The envelope is the app's `case_event` row; the payload is checked
 * per event type by the lifecycle's own schemas (`parseCaseEvent`), and whether the event may
 * happen by the one state machine (`applyEvent`), on the gateway exactly as in the app.
 */
import { z } from 'zod';
import { caseStatuses } from '../cases/status.ts';
import { caseEventTypes } from '../lifecycle/events.ts';
import { centreCode, deviceCode, instant, regionCode, role, uuid } from './common.ts';

const eventFields = {
  type: z.enum(caseEventTypes).describe('事件类型（src-main/domain/lifecycle/events.ts）'),
  at: instant.describe('事件在设备上的时刻：只作记录，顺序以网关编号为准'),
  actorId: z.string().min(1).max(100).nullable().describe('操作人的用户标识；申请人本人评价时为 null'),
  actorRole: role.nullable().describe('操作人角色；申请人本人时为 null'),
  actorName: z.string().max(100).nullable().describe('操作人姓名，用于“该件已由张三于10:02认领”这样的说明'),
  note: z.string().max(2000).nullable().describe('附注'),
  payload: z.record(z.string(), z.unknown()).describe('事件内容，按事件类型校验'),
};

/** An event as the gateway holds it: numbered per case in the gateway's order, which is the truth. */
export const centralEventSchema = z
  .object({
    id: uuid.describe('事件标识（设备生成的 UUIDv7，也是幂等键）'),
    caseId: uuid,
    seq: z.number().int().min(1).describe('网关为本案事件的编号：1, 2, 3 … 无间断'),
    ...eventFields,
    recordedAt: instant.describe('网关收到并编号的时刻（网关时钟）'),
    deviceCode: deviceCode.describe('产生事件的设备'),
    centreCode: centreCode.describe('产生事件的设备所属中心'),
  })
  .meta({ id: 'CentralEvent' });
export type CentralEvent = z.infer<typeof centralEventSchema>;

/** The case as it now stands centrally, folded from its central events with the one state machine. */
export const caseStandingSchema = z
  .object({
    caseId: uuid,
    caseNumber: z.string(),
    homeRegion: regionCode.describe('受理中心区划'),
    competentRegion: regionCode.describe('有权机关区划'),
    seq: z.number().int().min(0).describe('网关最后一个事件的编号'),
    status: z.enum(caseStatuses).nullable(),
    statusLabel: z.string().describe('状态的中文名'),
    assigneeId: z.string().nullable().describe('认领的后台审批人员'),
    assigneeName: z.string().nullable(),
    updatedAt: instant.describe('最后一个事件的网关时刻'),
  })
  .meta({ id: 'CaseStanding' });
export type CaseStanding = z.infer<typeof caseStandingSchema>;

export { eventFields };
