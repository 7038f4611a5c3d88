import { z } from 'zod';
import { auditReaders } from '../access.ts';
import { datesInOrder, noInput, optionalDates, paging } from '../inputs.ts';
import { operation, returns, slice } from '../operation.ts';
import type { AuditRowView, AuditVerifyView, Page } from '../views.ts';

export const auditOperations = slice('audit', {
  'audit/list': operation({
    summary: '查看审计日志',
    input: datesInOrder(
      z
        .object({
          username: z.string().trim().max(64, '用户名过长').optional(),
          /** An exact action (session.login) or a family ending in a dot (case.). */
          action: z.string().trim().max(64, '操作类型过长').optional(),
          outcome: z.enum(['ok', 'denied', 'failed'], { error: '结果只能是 成功、拒绝 或 失败' }).optional(),
          ...optionalDates,
          ...paging(50),
        })
        .strict(),
    ),
    access: auditReaders,
    writes: false,
    output: returns<Page<AuditRowView>>(),
  }),
  'audit/verify': operation({
    summary: '校验审计日志哈希链',
    input: noInput,
    access: auditReaders,
    writes: false,
    output: returns<AuditVerifyView>(),
  }),
});
