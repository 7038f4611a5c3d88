import { z } from 'zod';
import { noInput } from '../inputs.ts';
import { operation, returns, slice } from '../operation.ts';
import type { SettingView } from '../views.ts';

/** The settings an admin may change from 系统设置; every one so far is a count of days or minutes. */
export const editableSettings = ['duplicate.windowDays', 'session.idleMinutes', 'rating.followUpDays'] as const;

export const settingsOperations = slice('settings', {
  'settings/list': operation({
    summary: '站点设置',
    input: noInput,
    access: ['admin'],
    writes: false,
    output: returns<SettingView[]>(),
  }),
  'settings/set': operation({
    summary: '修改站点设置',
    input: z
      .object({
        key: z.enum(editableSettings, { error: '不支持的设置项' }),
        value: z.string().trim().min(1, '设置值不能为空').max(200, '设置值过长'),
      })
      .strict()
      .refine((v) => /^\d{1,4}$/.test(v.value) && Number(v.value) >= 1, { error: '请输入 1–9999 之间的整数', path: ['value'] }),
    access: ['admin'],
    writes: true,
    output: returns<SettingView>(),
  }),
});
