import { lifecycleEventLabels } from '../review/labels.ts';

/**
 * Chinese names for the audit trail's actions. Main's keys stay as they are for anything new
 * (shown raw rather than hidden); `case.*` rows are the case's state transitions.
 */
export const auditActionLabels: Record<string, string> = {
  'session.login': '登录',
  'session.unlock': '解锁',
  'session.lock': '锁定屏幕',
  'session.logout': '退出登录',
  'password.change': '修改密码',
  'api.refused': '越权或无效请求被拒绝',
  print: '打印',
  'setting.change': '修改设置',
  'user.create': '新建账号',
  'user.resetPassword': '重置密码',
  'user.disable': '停用账号',
  'user.enable': '启用账号',
  'applicant.lookup': '按证件号查询申请人',
  'attachment.view': '查看扫描件',
  'catalogue.import': '导入事项目录',
  'catalogue.export': '导出事项目录',
  'calendar.import': '导入工作日历',
  'case.note': '办件备注',
  'case.accept': '受理',
  'case.notice': '一次性告知',
  'case.refuse': '不予受理',
  'followup.resolve': '回访办结',
  'demo.seed': '生成演示数据',
  'device.init': '初始化本机',
};

/** The filter's choices: single actions, plus every state transition as one family. */
export const auditActionFilters: readonly { value: string; label: string }[] = [
  ...['session.login', 'session.unlock', 'password.change', 'api.refused', 'print', 'setting.change'].map((value) => ({
    value,
    label: auditActionLabels[value] ?? value,
  })),
  { value: 'case.', label: '办件状态变更（全部）' },
  { value: 'user.', label: '账号管理（全部）' },
];

export function auditActionLabel(action: string): string {
  if (auditActionLabels[action]) return auditActionLabels[action];
  // A state transition is audited as "case." + the event type.
  const event = action.slice(5);
  if (action.startsWith('case.') && Object.hasOwn(lifecycleEventLabels, event)) {
    return `办件：${lifecycleEventLabels[event as keyof typeof lifecycleEventLabels]}`;
  }
  return action;
}

export const auditOutcomeLabels = { ok: '成功', denied: '拒绝', failed: '失败' } as const;
