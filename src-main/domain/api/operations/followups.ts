import { z } from 'zod';
import { id } from '../inputs.ts';
import { operation, returns, slice } from '../operation.ts';
import type { FollowUpView } from '../views.ts';

export const followupsOperations = slice('followups', {
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
});
