/**
 * `GET /v1/session`: what a device checks before it syncs, and whenever it has been away.
 *
 * The epoch is the identity of the gateway's database as it is now. A gateway restored from an
 * older backup has a new epoch (it notices the restore itself, or its operator declares one), and
 * says so in every answer. A device that sees an epoch other than the one it saved:
 *   1. re-sends from its own event log (not only its outbox) every event it made after
 *      `deviceEvents.lastEventId` (all of them when it is null); ids make this idempotent;
 *   2. pulls again from a `null` cursor (its old cursor is refused with EPOCH_CHANGED).
 */
import { z } from 'zod';
import { centreSchema } from './registration.ts';
import { deviceCode, deviceRoles, epoch, instant, sm3Hex, uuid } from './common.ts';

export const auditHeadSchema = z
  .object({
    seq: z.number().int().min(0).describe('本机审计日志最后一行的序号（0 = 还没有）'),
    hash: sm3Hex.describe('该行的 SM3 链式哈希（64 位十六进制）'),
    at: instant.describe('该行的记录时刻（本机时钟）'),
  })
  .meta({ id: 'AuditHead' });
export type AuditHead = z.infer<typeof auditHeadSchema>;

export const sessionResponseSchema = z
  .object({
    epoch,
    protocol: z.object({ current: z.number().int(), oldestAccepted: z.number().int() }).describe('网关支持的协议版本范围'),
    serverTime: instant.describe('网关时钟；与本机相差超过一天时应提示窗口人员核对本机时间'),
    device: z.object({
      deviceId: uuid,
      deviceCode,
      deviceRole: z.enum(deviceRoles),
      centre: centreSchema,
    }),
    deviceEvents: z
      .object({
        count: z.number().int().min(0).describe('网关持有的、本设备产生的事件数'),
        lastEventId: uuid.nullable().describe('其中 id 最大（最新）的一个；纪元变化后，本机补发 id 比它大的事件'),
      })
      .describe('网关已有本设备的哪些事件'),
    auditHead: auditHeadSchema.nullable().describe('网关最后收到的本设备审计链头'),
  })
  .meta({ id: 'SessionResponse' });
export type SessionResponse = z.infer<typeof sessionResponseSchema>;
