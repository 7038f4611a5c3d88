import { z } from 'zod';
import { siteFileSchema, siteWindowSchema } from '../../site/site-file.ts';
import type { FirstRunView, SiteConfigView } from '../deploy-views.ts';
import { noInput } from '../inputs.ts';
import { operation, returns, slice } from '../operation.ts';
import type { UserView } from '../views.ts';

const windowNumber = siteWindowSchema.shape.number;

/**
 * The first run's answers. With a site file only the window and the first admin are asked (the
 * centre and windows are the file's); without one the centre, this PC's window and, optionally,
 * the gateway address too. The same rules as the site file check each field.
 */
const setupInput = z
  .object({
    centre: siteFileSchema.shape.centre.optional(),
    window: z
      .object({
        number: windowNumber,
        name: siteWindowSchema.shape.name.optional(),
        deviceCode: siteWindowSchema.shape.deviceCode.optional(),
      })
      .strict(),
    gatewayUrl: z
      .string()
      .trim()
      .max(300, '前置服务地址过长')
      .refine((value) => value === '' || (URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)), { error: '前置服务地址应为 http:// 或 https:// 开头的网址，不用同步可留空' })
      .optional(),
    admin: z
      .object({
        username: z.string().trim().regex(/^[A-Za-z0-9._-]{2,32}$/, '用户名为 2–32 位字母、数字、点、下划线或连字符'),
        displayName: z.string().trim().min(1, '请填写姓名').max(50, '姓名最多 50 字'),
        password: z.string().min(1, '请设置密码').max(256),
      })
      .strict(),
  })
  .strict();

export const siteOperations = slice('site', {
  'site/config': operation({
    summary: '本机生效的配置及每项来源（站点文件、本机设置、默认值）',
    input: noInput,
    access: ['admin'],
    writes: false,
    output: returns<SiteConfigView>(),
  }),
  'site/pickWindow': operation({
    summary: '选择本机所在窗口（设备代码写入本机办件编号）',
    input: z.object({ number: windowNumber }).strict(),
    access: ['admin'],
    writes: true,
    output: returns<SiteConfigView>(),
  }),
  'site/setKiosk': operation({
    summary: '窗口全屏（自助终端模式）开关，下次启动时生效',
    input: z.object({ enabled: z.boolean({ error: '请选择开或关' }) }).strict(),
    access: ['admin'],
    writes: true,
    output: returns<SiteConfigView>(),
  }),
  // Public, but only while the store has no account at all (checked in the write itself).
  'site/firstRun': operation({
    summary: '首次启动：是否需要设置向导',
    input: noInput,
    access: 'public',
    writes: false,
    output: returns<FirstRunView>(),
  }),
  'site/setup': operation({
    summary: '首次启动设置：中心、区划、本机窗口、前置服务地址和第一个管理员',
    input: setupInput,
    access: 'public',
    writes: true,
    output: returns<UserView>(),
  }),
});
