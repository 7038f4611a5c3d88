import { z } from 'zod';
import { mayRevealPersonalData } from '../auth/personal-data.ts';
import { roles, type Role } from '../auth/roles.ts';
import { caseStatuses } from '../cases/status.ts';
import { intakeFormSchema, refusalSchema, targetSchema } from '../intake/form.ts';
import { lifecycleActionSchema } from '../lifecycle/actions.ts';
import { reviewQueues } from '../lifecycle/machine.ts';
import { scheduleTimePattern } from '../exports/schedule.ts';
import { maxRangeDays, rangeDays } from '../stats/figures.ts';
import { dateInChina } from '../time/iso-date.ts';
import { operation, returns } from './operation.ts';
import type {
  DailyLogView,
  ExportFileView,
  ExportScheduleView,
  ApplicantProfileView,
  FollowUpView,
  QueueCountsView,
  SupervisionView,
  AttachmentView,
  AuditRowView,
  AuditVerifyView,
  CatalogueView,
  ChecklistView,
  DraftSummaryView,
  DraftView,
  DuplicateCaseView,
  ImportSummaryView,
  IntakeResultView,
  PrintDataView,
  PrintRecordView,
  CaseDetailView,
  CaseRowView,
  Page,
  PersonalDataView,
  SessionView,
  SettingView,
  SystemInfoView,
  SystemStatusView,
  UserView,
} from './views.ts';
import type { SyncItemView, SyncRunView, SyncStatusView } from './sync-views.ts';

// Schema messages a clerk may see are Chinese; the field path comes from the issue itself.
z.config(z.locales.zhCN());

const everyone: readonly Role[] = roles;
const caseWorkers: readonly Role[] = ['clerk', 'reviewer', 'supervisor'];

const id = z.string().trim().min(1, '缺少编号').max(64, '编号过长');
const intakeRoles: readonly Role[] = ['clerk', 'supervisor'];
// The admin keeps the system, the supervisor answers for the hall: both read the trail, neither edits it.
const auditReaders: readonly Role[] = ['admin', 'supervisor'];
const today = () => dateInChina(new Date());
const printDocuments = ['acceptance', 'notice', 'refusal', 'handover'] as const;

export const maxAttachmentMiB = 10;
const maxAttachmentBase64 = Math.ceil((maxAttachmentMiB * 1024 * 1024) / 3) * 4;

const isoDate = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });
const caseListInput = z
  .object({
    /** What a clerk types or scans into the one search box: case number, ID, credit code, phone or name. */
    query: z.string().trim().max(100, '搜索内容过长').optional(),
    caseNumber: z.string().trim().max(40).optional(),
    applicantName: z.string().trim().max(100, '申请人姓名过长').optional(),
    idNumber: z.string().trim().max(30).optional(),
    creditCode: z.string().trim().max(18).optional(),
    phone: z.string().trim().max(20).optional(),
    matterCode: z.string().trim().max(50).optional(),
    departmentCode: z.string().trim().max(50).optional(),
    status: z.enum(caseStatuses, { error: '办件状态无效' }).optional(),
    windowId: z.string().trim().max(64).optional(),
    /** Only the cases overdue today (超期, domain/stats/overdue.ts): the supervisor's overdue list. */
    overdue: z.boolean().optional(),
    dateFrom: isoDate.optional(),
    dateTo: isoDate.optional(),
    sort: z.enum(['createdAt', 'dueDate', 'acceptedAt', 'caseNumber'], { error: '不支持的排序字段' }).default('createdAt'),
    order: z.enum(['asc', 'desc']).default('desc'),
    page: z.number().int('页码应为整数').min(1, '页码从 1 开始').max(10_000, '页码过大，请缩小查询范围').default(1),
    pageSize: z.number().int().min(1).max(200, '每页最多 200 条').default(20),
  })
  .strict()
  .refine((v) => !v.dateFrom || !v.dateTo || v.dateFrom <= v.dateTo, { error: '开始日期不能晚于结束日期', path: ['dateTo'] });

/** A range of China dates for the daily log and its exports: in order, at most a quarter. */
const rangeChecks = <T extends { from: string; to: string }>(schema: z.ZodType<T>) =>
  schema
    .refine((v) => v.from <= v.to, { error: '开始日期不能晚于结束日期', path: ['to'] })
    .refine((v) => rangeDays(v.from, v.to) <= maxRangeDays, { error: `统计期间最长 ${maxRangeDays} 天，请缩短日期范围`, path: ['to'] });

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
    background: true,
    sessionUpkeep: true,
    output: returns<SystemStatusView>(),
  }),
  'sync/status': operation({
    summary: '同步状态：在线/离线、待发送件数、最近同步时间与错误、本机时钟偏差',
    input: z.object({}).strict(),
    access: everyone,
    writes: false,
    background: true,
    sessionUpkeep: true,
    output: returns<SyncStatusView>(),
  }),
  'sync/items': operation({
    summary: '待发送与被中心平台拒收的记录（拒收的附原因和处理办法）',
    input: z.object({}).strict(),
    access: everyone,
    writes: false,
    output: returns<SyncItemView[]>(),
  }),
  'sync/now': operation({
    summary: '立即同步（不等后台重试）',
    input: z.object({}).strict(),
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
    sessionUpkeep: true,
    output: returns<{ ok: true }>(),
  }),
  'session/me': operation({
    summary: '当前用户',
    input: z.object({}).strict(),
    access: everyone,
    writes: false,
    sessionUpkeep: true,
    output: returns<UserView>(),
  }),
  'session/lock': operation({
    summary: '锁定屏幕',
    input: z.object({}).strict(),
    access: everyone,
    writes: true,
    sessionUpkeep: true,
    output: returns<{ ok: true }>(),
  }),
  'session/unlock': operation({
    summary: '输入密码解锁',
    input: z.object({ password: z.string().min(1, '请输入密码').max(256, '密码过长') }).strict(),
    access: everyone,
    writes: true,
    sessionUpkeep: true,
    output: returns<{ ok: true }>(),
  }),
  'session/changePassword': operation({
    summary: '修改密码',
    input: z
      .object({
        currentPassword: z.string().min(1, '请输入当前密码').max(256),
        newPassword: z.string().min(1, '请输入新密码').max(256, '密码过长'),
      })
      .strict(),
    access: everyone,
    writes: true,
    sessionUpkeep: true,
    output: returns<{ ok: true }>(),
  }),
  'cases/list': operation({
    summary: '办件查询与列表',
    input: caseListInput,
    access: caseWorkers,
    writes: false,
    output: returns<Page<CaseRowView>>(),
  }),
  'cases/byNumber': operation({
    summary: '按办件编号打开（扫码枪）',
    input: z.object({ caseNumber: z.string().trim().min(1, '请输入办件编号').max(40, '办件编号过长') }).strict(),
    access: caseWorkers,
    writes: false,
    output: returns<{ id: string }>(),
  }),
  'cases/get': operation({
    summary: '办件详情与全部事件',
    input: z.object({ id }).strict(),
    access: caseWorkers,
    writes: false,
    output: returns<CaseDetailView>(),
  }),
  'cases/revealPersonalData': operation({
    summary: '显示办件的完整个人信息（证件号、电话、地址；每次查看均留痕）',
    input: z.object({ caseId: id }).strict(),
    access: roles.filter(mayRevealPersonalData),
    // Every full view is written to the audit trail, and a refusal is audited too.
    writes: true,
    output: returns<PersonalDataView>(),
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
  'cases/act': operation({
    summary: '办件流转操作（流转、认领、审查、补正、特别程序、决定、出件、办结、评价、撤件、作废、督办）',
    input: z
      .object({
        caseId: id,
        /** The version the screen showed; a case that moved on since is refused, not overwritten. */
        expectedVersion: z.number().int().min(1).optional(),
        act: lifecycleActionSchema,
      })
      .strict(),
    access: caseWorkers,
    writes: true,
    output: returns<CaseDetailView>(),
  }),
  'review/queues': operation({
    summary: '审查工作台：各队列数量',
    input: z.object({ departmentCode: z.string().trim().max(50).optional() }).strict(),
    access: ['reviewer', 'supervisor'],
    writes: false,
    output: returns<QueueCountsView>(),
  }),
  'review/queue': operation({
    summary: '审查工作台：队列中的办件',
    input: z
      .object({
        queue: z.enum(reviewQueues, { error: '未知的队列' }),
        departmentCode: z.string().trim().max(50).optional(),
        page: z.number().int().min(1).max(10_000).default(1),
        pageSize: z.number().int().min(1).max(200).default(20),
      })
      .strict(),
    access: ['reviewer', 'supervisor'],
    writes: false,
    output: returns<Page<CaseRowView>>(),
  }),
  'supervision/overview': operation({
    summary: '超期、预警、督办与差评回访概况',
    input: z.object({}).strict(),
    access: ['supervisor'],
    writes: false,
    output: returns<SupervisionView>(),
  }),
  'followups/list': operation({
    summary: '差评回访任务',
    input: z.object({ state: z.enum(['open', 'done', 'all']).default('open') }).strict(),
    access: ['supervisor'],
    writes: false,
    output: returns<FollowUpView[]>(),
  }),
  'followups/resolve': operation({
    summary: '办结差评回访',
    input: z.object({ id, resolution: z.string().trim().min(5, '请写明回访情况（至少 5 个字）').max(500) }).strict(),
    access: ['supervisor'],
    writes: true,
    output: returns<{ ok: true }>(),
  }),
  // The daily log is the supervisor's: it names clerks and compares windows. Clerks and
  // reviewers see their own work in the case list and the review queues.
  'stats/dailyLog': operation({
    summary: '工作日志与统计（按窗口、人员、事项、部门）',
    input: rangeChecks(z.object({ from: isoDate, to: isoDate }).strict()),
    access: ['supervisor'],
    writes: false,
    output: returns<DailyLogView>(),
  }),
  'exports/create': operation({
    summary: '导出工作日志（Excel、CSV 或 PDF 日报；记入审计日志）',
    input: rangeChecks(
      z
        .object({
          from: isoDate,
          to: isoDate,
          format: z.enum(['xlsx', 'csv', 'pdf'], { error: '请选择导出格式：Excel、CSV 或 PDF' }),
          /** Full ID numbers and phones: only for a role holding the exportFull right, and audited. */
          fullPersonalData: z.boolean().default(false),
        })
        .strict(),
    ),
    access: ['supervisor'],
    writes: true,
    output: returns<ExportFileView>(),
  }),
  'exports/schedule': operation({
    summary: '定时导出设置与最近运行记录',
    input: z.object({}).strict(),
    access: ['admin', 'supervisor'],
    writes: false,
    output: returns<ExportScheduleView>(),
  }),
  'exports/setSchedule': operation({
    summary: '设置定时导出（时间与文件夹）',
    input: z
      .object({
        enabled: z.boolean(),
        time: z.string().trim().regex(scheduleTimePattern, '时间格式应为“时:分”（24 小时制），如 18:30'),
        folder: z.string().trim().max(500, '文件夹路径过长'),
      })
      .strict()
      .refine((v) => !v.enabled || v.folder !== '', { error: '启用定时导出须填写导出文件夹', path: ['folder'] }),
    access: ['admin', 'supervisor'],
    writes: true,
    output: returns<ExportScheduleView>(),
  }),
  'catalogue/get': operation({
    summary: '事项目录（当前版本）',
    input: z.object({}).strict(),
    access: everyone,
    writes: false,
    output: returns<CatalogueView>(),
  }),
  'catalogue/checklist': operation({
    summary: '事项或“一件事”的材料清单',
    input: z.object({ target: targetSchema }).strict(),
    access: everyone,
    writes: false,
    output: returns<ChecklistView>(),
  }),
  'catalogue/import': operation({
    summary: '导入事项目录（全部成功或全部不导入）',
    input: z.object({ catalogue: z.unknown() }).strict(),
    access: ['admin'],
    writes: true,
    output: returns<ImportSummaryView>(),
  }),
  'catalogue/export': operation({
    summary: '导出事项目录',
    input: z.object({}).strict(),
    access: ['admin', 'supervisor'],
    writes: false,
    output: returns<unknown>(),
  }),
  'calendar/import': operation({
    summary: '导入年度节假日安排',
    input: z.object({ calendar: z.unknown() }).strict(),
    access: ['admin'],
    writes: true,
    output: returns<{ year: number; years: number[] }>(),
  }),
  'calendar/years': operation({
    summary: '已载入的节假日年度',
    input: z.object({}).strict(),
    access: everyone,
    writes: false,
    output: returns<number[]>(),
  }),
  'applicants/find': operation({
    summary: '按证件号或统一社会信用代码查找申请人（回头客预填）',
    input: z
      .object({
        idNumber: z.string().trim().max(30).optional(),
        creditCode: z.string().trim().max(18).optional(),
      })
      .strict()
      .refine((v) => Boolean(v.idNumber) !== Boolean(v.creditCode), { error: '请只提供证件号码或统一社会信用代码之一' }),
    access: intakeRoles,
    writes: false,
    output: returns<ApplicantProfileView | null>(),
  }),
  'intake/duplicates': operation({
    summary: '重复办件提醒：同一申请人近期同一事项的办件',
    input: z
      .object({
        target: targetSchema,
        idNumber: z.string().trim().max(30).optional(),
        creditCode: z.string().trim().max(18).optional(),
      })
      .strict(),
    access: intakeRoles,
    writes: false,
    output: returns<DuplicateCaseView[]>(),
  }),
  'intake/saveDraft': operation({
    summary: '暂存收件登记',
    input: z
      .object({
        draftId: z.string().min(1).max(64).optional(),
        form: z.record(z.string(), z.unknown()),
      })
      .strict(),
    access: intakeRoles,
    writes: true,
    output: returns<{ draftId: string; updatedAt: string }>(),
  }),
  'intake/drafts': operation({
    summary: '我的暂存件',
    input: z.object({}).strict(),
    access: intakeRoles,
    writes: false,
    output: returns<DraftSummaryView[]>(),
  }),
  'intake/getDraft': operation({
    summary: '打开暂存件',
    input: z.object({ draftId: id }).strict(),
    access: intakeRoles,
    writes: false,
    output: returns<DraftView>(),
  }),
  'intake/discardDraft': operation({
    summary: '删除暂存件',
    input: z.object({ draftId: id }).strict(),
    access: intakeRoles,
    writes: true,
    output: returns<{ ok: true }>(),
  }),
  'intake/accept': operation({
    summary: '受理',
    input: intakeFormSchema(today),
    access: intakeRoles,
    writes: true,
    output: returns<IntakeResultView>(),
  }),
  'intake/notice': operation({
    summary: '一次性告知（材料不齐）',
    input: intakeFormSchema(today),
    access: intakeRoles,
    writes: true,
    output: returns<IntakeResultView>(),
  }),
  'intake/refuse': operation({
    summary: '不予受理',
    input: intakeFormSchema(today).extend({ refusalReason: refusalSchema }),
    access: intakeRoles,
    writes: true,
    output: returns<IntakeResultView>(),
  }),
  'attachments/add': operation({
    summary: '上传材料扫描件（图片或 PDF）',
    input: z
      .object({
        draftId: id,
        materialKey: z.string().min(1).max(120),
        fileName: z.string().trim().min(1, '缺少文件名').max(200, '文件名过长'),
        dataBase64: z.string().min(1, '文件为空').max(maxAttachmentBase64, `文件过大：扫描件最大 ${maxAttachmentMiB} MB，请降低分辨率或分页扫描`),
      })
      .strict(),
    access: intakeRoles,
    writes: true,
    output: returns<AttachmentView>(),
  }),
  'attachments/remove': operation({
    summary: '移除暂存件中的扫描件',
    input: z.object({ draftId: id, attachmentId: id }).strict(),
    access: intakeRoles,
    writes: true,
    output: returns<{ ok: true }>(),
  }),
  'attachments/content': operation({
    summary: '查看扫描件内容',
    input: z.object({ attachmentId: id }).strict(),
    access: caseWorkers,
    writes: false,
    output: returns<{ mimeType: string; dataBase64: string }>(),
  }),
  'prints/data': operation({
    summary: '打印文书所需数据',
    input: z.object({ caseId: id, document: z.enum(printDocuments, { error: '未知的文书类型' }) }).strict(),
    access: caseWorkers,
    writes: false,
    output: returns<PrintDataView>(),
  }),
  'prints/record': operation({
    summary: '登记一次打印（含补打）',
    input: z.object({ caseId: id, document: z.enum(printDocuments, { error: '未知的文书类型' }) }).strict(),
    access: caseWorkers,
    writes: true,
    output: returns<PrintRecordView>(),
  }),
  'users/create': operation({
    summary: '新建账号',
    input: z
      .object({
        username: z.string().trim().regex(/^[A-Za-z0-9._-]{2,32}$/, '用户名为 2–32 位字母、数字、点、下划线或连字符'),
        displayName: z.string().trim().min(1, '请填写姓名').max(50, '姓名最多 50 字'),
        role: z.enum(roles, { error: '请选择角色' }),
        departmentCode: z.string().trim().max(50).optional(),
        temporaryPassword: z.string().min(1, '请设置初始密码').max(256),
      })
      .strict()
      .refine((v) => v.role !== 'reviewer' || Boolean(v.departmentCode), { error: '后台审批人员须选择所属部门', path: ['departmentCode'] }),
    access: ['admin'],
    writes: true,
    output: returns<UserView>(),
  }),
  'users/resetPassword': operation({
    summary: '重置密码（下次登录须修改）',
    input: z.object({ userId: id, temporaryPassword: z.string().min(1, '请设置临时密码').max(256) }).strict(),
    access: ['admin'],
    writes: true,
    output: returns<{ ok: true }>(),
  }),
  'users/setDisabled': operation({
    summary: '停用或启用账号',
    input: z.object({ userId: id, disabled: z.boolean() }).strict(),
    access: ['admin'],
    writes: true,
    output: returns<{ ok: true }>(),
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
        key: z.enum(['duplicate.windowDays', 'session.idleMinutes', 'rating.followUpDays'], { error: '不支持的设置项' }),
        value: z.string().trim().min(1, '设置值不能为空').max(200, '设置值过长'),
      })
      .strict()
      // Every setting so far is a count of days or minutes.
      .refine((v) => /^\d{1,4}$/.test(v.value) && Number(v.value) >= 1, { error: '请输入 1–9999 之间的整数', path: ['value'] }),
    access: ['admin'],
    writes: true,
    output: returns<SettingView>(),
  }),
  'audit/list': operation({
    summary: '查看审计日志',
    input: z
      .object({
        username: z.string().trim().max(64, '用户名过长').optional(),
        /** An exact action (session.login) or a family ending in a dot (case.). */
        action: z.string().trim().max(64, '操作类型过长').optional(),
        outcome: z.enum(['ok', 'denied', 'failed'], { error: '结果只能是 成功、拒绝 或 失败' }).optional(),
        dateFrom: isoDate.optional(),
        dateTo: isoDate.optional(),
        page: z.number().int('页码应为整数').min(1, '页码从 1 开始').max(10_000, '页码过大，请缩小查询范围').default(1),
        pageSize: z.number().int().min(1).max(200, '每页最多 200 条').default(50),
      })
      .strict()
      .refine((v) => !v.dateFrom || !v.dateTo || v.dateFrom <= v.dateTo, { error: '开始日期不能晚于结束日期', path: ['dateTo'] }),
    access: auditReaders,
    writes: false,
    output: returns<Page<AuditRowView>>(),
  }),
  'audit/verify': operation({
    summary: '校验审计日志哈希链',
    input: z.object({}).strict(),
    access: auditReaders,
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
