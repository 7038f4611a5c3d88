import { z } from 'zod';
import { maxRangeDays, rangeDays } from '../stats/figures.ts';

/**
 * Input pieces several operations share, written once so they refuse the same things with the
 * same Chinese words wherever they appear.
 */

// Schema messages a clerk may see are Chinese; the field path comes from the issue itself.
z.config(z.locales.zhCN());

/** An operation that takes nothing: any field sent is refused as unexpected. */
export const noInput = z.object({}).strict();

/** A record's id (case, draft, attachment, user, follow-up). */
export const id = z.string().trim().min(1, '缺少编号').max(64, '编号过长');

export const isoDate = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });

/** Looking a person or a company up: a resident ID number or a unified social credit code. */
export const idNumber = z.string().trim().max(30);
export const creditCode = z.string().trim().max(18);
export const departmentCode = z.string().trim().max(50);

/** Page through a long list; `pageSize` defaults to what the screen shows. */
export function paging(defaultPageSize: number) {
  return {
    page: z.number().int('页码应为整数').min(1, '页码从 1 开始').max(10_000, '页码过大，请缩小查询范围').default(1),
    pageSize: z.number().int().min(1).max(200, '每页最多 200 条').default(defaultPageSize),
  };
}

/** An optional from–to filter of China dates, refused when the two are out of order. */
export const optionalDates = { dateFrom: isoDate.optional(), dateTo: isoDate.optional() };
export function datesInOrder<T extends { dateFrom?: string; dateTo?: string }>(schema: z.ZodType<T>) {
  return schema.refine((v) => !v.dateFrom || !v.dateTo || v.dateFrom <= v.dateTo, { error: '开始日期不能晚于结束日期', path: ['dateTo'] });
}

/** A range of China dates for the daily log and its exports: in order, at most a quarter. */
export const dateRange = { from: isoDate, to: isoDate };
export function rangeChecks<T extends { from: string; to: string }>(schema: z.ZodType<T>) {
  return schema
    .refine((v) => v.from <= v.to, { error: '开始日期不能晚于结束日期', path: ['to'] })
    .refine((v) => rangeDays(v.from, v.to) <= maxRangeDays, { error: `统计期间最长 ${maxRangeDays} 天，请缩短日期范围`, path: ['to'] });
}
