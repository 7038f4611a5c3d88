import { z } from 'zod';
import { roles, type Role } from '../auth/roles.ts';
import { caseStatuses } from '../cases/status.ts';
import { operation, returns } from './operation.ts';
import type {
  AuditVerifyView,
  CaseDetailView,
  CaseRowView,
  Page,
  SessionView,
  SettingView,
  SystemInfoView,
  SystemStatusView,
  UserView,
} from './views.ts';

// Schema messages a clerk may see are Chinese; the field path comes from the issue itself.
z.config(z.locales.zhCN());

const everyone: readonly Role[] = roles;
const caseWorkers: readonly Role[] = ['clerk', 'reviewer', 'supervisor'];

const id = z.string().trim().min(1, '缺少编号').max(64, '编号过长');

/**
 * The API table: every operation the renderer or the CLI can ask for, declared once.
 * Handlers live in main (`src-main/api/handlers.ts`) and must cover exactly these names.
 */
export const operations = {
  'system/info': operation({
    summary: '中心与窗口信息（登录页显示）',
    input: z.object({}).strict(),
    access: 'public',
    writes: false,
    output: returns<SystemInfoView>(),
  }),
  'system/status': operation({
    summary: '运行状态：数据库、设备、同步',
    input: z.object({}).strict(),
    access: everyone,
    writes: false,
    output: returns<SystemStatusView>(),
  }),
  'session/login': operation({
    summary: '登录',
    input: z
      .object({
        username: z.string().trim().min(1, '请输入用户名').max(64, '用户名过长'),
        password: z.string().min(1, '请输入密码').max(256, '密码过长'),
      })
      .strict(),
    access: 'public',
    writes: true,
    output: returns<SessionView>(),
  }),
  'session/logout': operation({
    summary: '退出登录',
    input: z.object({}).strict(),
    access: everyone,
    writes: true,
    output: returns<{ ok: true }>(),
  }),
  'session/me': operation({
    summary: '当前用户',
    input: z.object({}).strict(),
    access: everyone,
    writes: false,
    output: returns<UserView>(),
  }),
  'cases/list': operation({
    summary: '办件列表',
    input: z
      .object({
        status: z.enum(caseStatuses, { error: '办件状态无效' }).optional(),
        applicantName: z.string().trim().max(100, '申请人姓名过长').optional(),
        page: z.number().int('页码应为整数').min(1, '页码从 1 开始').default(1),
        pageSize: z.number().int().min(1).max(200, '每页最多 200 条').default(20),
      })
      .strict(),
    access: caseWorkers,
    writes: false,
    output: returns<Page<CaseRowView>>(),
  }),
  'cases/get': operation({
    summary: '办件详情与全部事件',
    input: z.object({ id }).strict(),
    access: caseWorkers,
    writes: false,
    output: returns<CaseDetailView>(),
  }),
  'cases/addNote': operation({
    summary: '为办件添加备注（记入办件事件）',
    input: z
      .object({
        id,
        note: z.string().trim().min(1, '备注不能为空').max(500, '备注最多 500 字'),
      })
      .strict(),
    access: caseWorkers,
    writes: true,
    output: returns<{ eventId: string; seq: number }>(),
  }),
  'users/list': operation({
    summary: '用户列表',
    input: z.object({}).strict(),
    access: ['admin', 'supervisor'],
    writes: false,
    output: returns<UserView[]>(),
  }),
  'settings/list': operation({
    summary: '站点设置',
    input: z.object({}).strict(),
    access: ['admin'],
    writes: false,
    output: returns<SettingView[]>(),
  }),
  'settings/set': operation({
    summary: '修改站点设置',
    input: z
      .object({
        key: z.enum(['centre.name', 'duplicate.windowDays', 'session.idleMinutes'], { error: '不支持的设置项' }),
        value: z.string().trim().min(1, '设置值不能为空').max(200, '设置值过长'),
      })
      .strict(),
    access: ['admin'],
    writes: true,
    output: returns<SettingView>(),
  }),
  'audit/verify': operation({
    summary: '校验审计日志哈希链',
    input: z.object({}).strict(),
    access: ['admin', 'supervisor'],
    writes: false,
    output: returns<AuditVerifyView>(),
  }),
};

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type OperationInput<K extends OperationName> = z.input<Operations[K]['input']>;
export type ParsedInput<K extends OperationName> = z.output<Operations[K]['input']>;
export type OperationOutput<K extends OperationName> = Operations[K]['output'] extends { readonly __returns?: infer O } ? O : never;

export const operationNames = Object.keys(operations) as OperationName[];

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(operations, name);
}

/** The permission matrix, derived from the table: may `role` call `name`? */
export function mayCall(role: Role | null, name: OperationName): boolean {
  const access = operations[name].access;
  if (access === 'public') return true;
  return role !== null && access.includes(role);
}
