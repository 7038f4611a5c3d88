import { z } from 'zod';
import { everyone } from '../access.ts';
import { noInput } from '../inputs.ts';
import { operation, returns, slice } from '../operation.ts';
import type { SyncItemView, SyncRunView, SyncStatusView } from '../sync-views.ts';

export const syncOperations = slice('sync', {
  'sync/status': operation({
    summary: '同步状态：在线/离线、待发送件数、最近同步时间与错误、本机时钟偏差',
    input: noInput,
    access: everyone,
    writes: false,
    background: true,
    sessionUpkeep: true,
    output: returns<SyncStatusView>(),
  }),
  'sync/items': operation({
    summary: '待发送与被中心平台拒收的记录（拒收的附原因和处理办法）',
    input: noInput,
    access: everyone,
    writes: false,
    output: returns<SyncItemView[]>(),
  }),
  'sync/now': operation({
    summary: '立即同步（不等后台重试）',
    input: noInput,
    access: everyone,
    writes: true,
    output: returns<SyncRunView>(),
  }),
  'sync/register': operation({
    summary: '用一次性注册码把本机注册到中心平台',
    input: z
      .object({
        gatewayUrl: z.string().trim().min(1, '请填写网关地址').max(300, '网关地址过长'),
        code: z.string().trim().min(1, '请填写注册码').max(40, '注册码过长'),
        deviceName: z.string().trim().min(1, '请填写本机名称').max(100, '本机名称过长'),
      })
      .strict(),
    access: ['admin'],
    writes: true,
    output: returns<SyncStatusView>(),
  }),
});
