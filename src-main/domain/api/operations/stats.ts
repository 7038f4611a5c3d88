import { z } from 'zod';
import { dateRange, rangeChecks } from '../inputs.ts';
import { operation, returns, slice } from '../operation.ts';
import type { DailyLogView } from '../views.ts';

export const statsOperations = slice('stats', {
  // The daily log is the supervisor's: it names clerks and compares windows. Clerks and
  // reviewers see their own work in the case list and the review queues.
  'stats/dailyLog': operation({
    summary: '工作日志与统计（按窗口、人员、事项、部门）',
    input: rangeChecks(z.object(dateRange).strict()),
    access: ['supervisor'],
    writes: false,
    output: returns<DailyLogView>(),
  }),
});
