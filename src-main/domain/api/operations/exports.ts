import { z } from 'zod';
import { exportFormats } from '../../exports/formats.ts';
import { scheduleTimePattern } from '../../exports/schedule.ts';
import { dateRange, noInput, rangeChecks } from '../inputs.ts';
import { operation, returns, slice } from '../operation.ts';
import type { ExportFileView, ExportScheduleView } from '../views.ts';

export const exportsOperations = slice('exports', {
  'exports/create': operation({
    summary: '导出工作日志（Excel、CSV 或 PDF 日报；记入审计日志）',
    input: rangeChecks(
      z
        .object({
          ...dateRange,
          format: z.enum(exportFormats, { error: '请选择导出格式：Excel、CSV 或 PDF' }),
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
    input: noInput,
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
});
