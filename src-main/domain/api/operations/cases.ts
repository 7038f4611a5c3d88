import { z } from 'zod';
import { mayRevealPersonalData } from '../../auth/personal-data.ts';
import { roles } from '../../auth/roles.ts';
import { caseStatuses } from '../../cases/status.ts';
import { lifecycleActionSchema } from '../../lifecycle/actions.ts';
import { caseWorkers } from '../access.ts';
import { creditCode, datesInOrder, departmentCode, id, idNumber, optionalDates, paging } from '../inputs.ts';
import { operation, returns, slice } from '../operation.ts';
import type { CaseDetailView, CaseRowView, Page, PersonalDataView } from '../views.ts';

const caseListInput = datesInOrder(
  z
    .object({
      /** What a clerk types or scans into the one search box: case number, ID, credit code, phone or name. */
      query: z.string().trim().max(100, '搜索内容过长').optional(),
      caseNumber: z.string().trim().max(40).optional(),
      applicantName: z.string().trim().max(100, '申请人姓名过长').optional(),
      idNumber: idNumber.optional(),
      creditCode: creditCode.optional(),
      phone: z.string().trim().max(20).optional(),
      matterCode: z.string().trim().max(50).optional(),
      departmentCode: departmentCode.optional(),
      status: z.enum(caseStatuses, { error: '办件状态无效' }).optional(),
      windowId: z.string().trim().max(64).optional(),
      /** Only the cases overdue today (超期, domain/stats/overdue.ts): the supervisor's overdue list. */
      overdue: z.boolean().optional(),
      ...optionalDates,
      sort: z.enum(['createdAt', 'dueDate', 'acceptedAt', 'caseNumber'], { error: '不支持的排序字段' }).default('createdAt'),
      order: z.enum(['asc', 'desc']).default('desc'),
      ...paging(20),
    })
    .strict(),
);

export const casesOperations = slice('cases', {
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
});
