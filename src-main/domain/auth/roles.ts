/** The four roles of a centre. Labels are what the UI shows. */
export const roles = ['clerk', 'reviewer', 'supervisor', 'admin'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  clerk: '综合窗口受理人员',
  reviewer: '后台审批人员',
  supervisor: '窗口负责人',
  admin: '系统管理员',
};
