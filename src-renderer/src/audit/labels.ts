import { lifecycleEventLabels } from '../review/labels.ts';

/**
 * Chinese names for the audit trail's actions. `case.<event>` rows are the case's state
 * transitions and take their names from the lifecycle's labels. tests/unit/audit/action-labels.test.ts
 * finds every action main writes and fails when one has no name here.
 */
export const auditActionLabels: Record<string, string> = {
  'session.login': '登录',
  'session.unlock': '解锁',
  'session.lock': '锁定屏幕',
  'session.logout': '退出登录',
  'password.change': '修改密码',
  'api.refused': '越权或无效请求被拒绝',
  print: '打印文书',
  'setting.change': '修改设置',
  'user.create': '新建账号',
  'user.createFirstAdmin': '创建首个管理员账号',
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
  'case.revealPersonalData': '查看完整信息',
  'export.write': '导出文件',
  'export.scheduled': '定时导出文件',
  'followup.resolve': '回访办结',
  'demo.seed': '生成演示数据',
  'device.init': '初始化本机',
  'device.pickWindow': '选择本机窗口',
  'audit.chainKeyed': '审计日志改用密钥校验',
  'crypto.sealPlaintext': '加密已有个人信息',
  'site.apply': '应用站点文件',
  'site.setupLocal': '首次运行：初始化本机中心与管理员',
  'backup.run': '备份数据',
  'backup.restore': '从备份恢复数据',
  'backup.exportRecoveryKey': '导出恢复密钥',
  'diagnostics.bundle': '生成诊断包',
  'sync.register': '本机注册到前置服务',
  'sync.revoked': '本机注册被撤销',
  'sync.epochChanged': '前置服务数据恢复后重新同步',
  'sync.scanHeld': '扫描件未能上传，办件暂缓发送',
  'sync.demoCaseRenumbered': '演示办件改号（让出编号给中心平台同号办件）',
  'attachment.fetch': '从中心平台取回扫描件',
};

/** The filter's choices: single actions, plus families (every state transition, every export). */
export const auditActionFilters: readonly { value: string; label: string }[] = [
  ...['session.login', 'session.unlock', 'password.change', 'api.refused', 'print', 'setting.change'].map((value) => ({
    value,
    label: auditActionLabels[value] ?? value,
  })),
  { value: 'export.', label: '导出文件（全部，含定时导出）' },
  { value: 'case.revealPersonalData', label: '查看完整信息' },
  { value: 'case.', label: '办件状态变更（全部）' },
  { value: 'user.', label: '账号管理（全部）' },
];

/** The action's Chinese name; one main has no name for yet is said to be unnamed, with its code. */
export function auditActionLabel(action: string): string {
  if (Object.hasOwn(auditActionLabels, action)) return auditActionLabels[action] ?? action;
  // A state transition is audited as "case." + the event type.
  const event = action.slice(5);
  if (action.startsWith('case.') && Object.hasOwn(lifecycleEventLabels, event)) {
    return `办件：${lifecycleEventLabels[event as keyof typeof lifecycleEventLabels]}`;
  }
  return `其他操作（${action}）`;
}

export const auditOutcomeLabels = { ok: '成功', denied: '拒绝', failed: '失败' } as const;
