import { noInput } from '../inputs.ts';
import { everyone } from '../access.ts';
import { operation, returns, slice } from '../operation.ts';
import type { SystemInfoView, SystemStatusView } from '../views.ts';

export const systemOperations = slice('system', {
  'system/info': operation({
    summary: '中心与窗口信息（登录页显示）',
    input: noInput,
    access: 'public',
    writes: false,
    output: returns<SystemInfoView>(),
  }),
  'system/status': operation({
    summary: '运行状态：数据库、设备、同步',
    input: noInput,
    access: everyone,
    writes: false,
    background: true,
    sessionUpkeep: true,
    output: returns<SystemStatusView>(),
  }),
});
