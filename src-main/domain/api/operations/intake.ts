import { z } from 'zod';
import { intakeFormSchema, refusalSchema, targetSchema } from '../../intake/form.ts';
import { dateInChina } from '../../time/iso-date.ts';
import { intakeRoles } from '../access.ts';
import { creditCode, id, idNumber, noInput } from '../inputs.ts';
import { operation, returns, slice } from '../operation.ts';
import type { DraftSummaryView, DraftView, DuplicateCaseView, IntakeResultView } from '../views.ts';

const today = () => dateInChina(new Date());

export const intakeOperations = slice('intake', {
  'intake/duplicates': operation({
    summary: '重复办件提醒：同一申请人近期同一事项的办件',
    input: z.object({ target: targetSchema, idNumber: idNumber.optional(), creditCode: creditCode.optional() }).strict(),
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
    input: noInput,
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
});
