import { z } from 'zod';
import { reviewQueues } from '../../lifecycle/index.ts';
import { backOffice } from '../access.ts';
import { departmentCode, paging } from '../inputs.ts';
import { operation, returns, slice } from '../operation.ts';
import type { CaseRowView, Page, QueueCountsView } from '../views.ts';

export const reviewOperations = slice('review', {
  'review/queues': operation({
    summary: '审查工作台：各队列数量',
    input: z.object({ departmentCode: departmentCode.optional() }).strict(),
    access: backOffice,
    writes: false,
    output: returns<QueueCountsView>(),
  }),
  'review/queue': operation({
    summary: '审查工作台：队列中的办件',
    input: z
      .object({
        queue: z.enum(reviewQueues, { error: '未知的队列' }),
        departmentCode: departmentCode.optional(),
        ...paging(20),
      })
      .strict(),
    access: backOffice,
    writes: false,
    output: returns<Page<CaseRowView>>(),
  }),
});
