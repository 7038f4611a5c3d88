/**
 * Where a case stands. A form saved before the window decides is a draft (intake_draft), not a
 * case: it has no number and is nobody's business but its clerk's. The national status codes are uncertain, so these are our
 * own stable English keys with the Chinese labels the windows use.
 */
export const caseStatuses = [
  'notice', // 一次性告知 (materials missing; waiting for the applicant)
  'refused', // 不予受理
  'accepted', // 已受理
  'in_review', // 审查中
  'supplement', // 退回补正
  'special', // 特别程序
  'decided', // 待出件
  'delivered', // 已出件
  'closed', // 办结
  'withdrawn', // 撤件
  'voided', // 作废
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const caseStatusLabels: Record<CaseStatus, string> = {
  notice: '一次性告知',
  refused: '不予受理',
  accepted: '已受理',
  in_review: '审查中',
  supplement: '退回补正',
  special: '特别程序',
  decided: '待出件',
  delivered: '已出件',
  closed: '办结',
  withdrawn: '撤件',
  voided: '作废',
};

export const channels = ['window', 'appointment', 'cross_region', 'station', 'assisted', 'home_visit'] as const;
export type Channel = (typeof channels)[number];
export const channelLabels: Record<Channel, string> = {
  window: '窗口',
  appointment: '预约',
  cross_region: '跨区通办',
  station: '驿站',
  assisted: '帮办代办',
  home_visit: '上门',
};
