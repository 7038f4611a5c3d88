import { z } from 'zod';
import { editableSettings, settingValueProblem } from '../../settings/catalogue.ts';
import { noInput } from '../inputs.ts';
import { operation, returns, slice } from '../operation.ts';
import type { SettingView } from '../views.ts';

export const settingsOperations = slice('settings', {
  'settings/list': operation({
    summary: '站点设置（不含本机内部记录）',
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
        value: z.string().trim().min(1, '设置值不能为空').max(200, '设置值过长（最多 200 字）'),
      })
      .strict()
      .superRefine((v, context) => {
        const problem = settingValueProblem(v.key, v.value);
        if (problem) context.addIssue({ code: 'custom', path: ['value'], message: problem });
      }),
    access: ['admin'],
    writes: true,
    output: returns<SettingView>(),
  }),
});
