import { z } from 'zod';
import { demoDeviceCodeRefusal, isDemoDeviceCode } from '../cases/demo-device-codes.ts';

/**
 * The site file: one JSON file that configures every PC of a hall (`site.json`, put in the
 * machine-wide place by IT; docs/deploy.md explains each field). Pure: read and located by
 * services/site, checked here so the renderer's wizard and the CLI say the same thing.
 */

const httpUrl = (what: string) =>
  z
    .string({ error: `${what}应为网址文本` })
    .trim()
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), { error: `${what}应为 http:// 或 https:// 开头的网址` });

const pemCertificate = z
  .string({ error: 'CA 证书应为 PEM 文本' })
  .trim()
  .regex(/^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----$/, {
    error: 'CA 证书应为 PEM 格式（以 -----BEGIN CERTIFICATE----- 开头、-----END CERTIFICATE----- 结尾），可用 \\n 表示换行',
  });

const printerName = z.string({ error: '打印机名称应为文本' }).trim().min(1, '打印机名称不能为空').max(200, '打印机名称过长');

export const siteWindowSchema = z
  .object({
    number: z.string({ error: '窗口号应为文本' }).trim().regex(/^[0-9A-Za-z]{1,8}$/, { error: '窗口号应为 1–8 位字母或数字，如 "01"' }),
    name: z.string({ error: '窗口名称应为文本' }).trim().min(1, '窗口名称不能为空').max(40, '窗口名称最长 40 个字'),
    deviceCode: z
      .string({ error: '设备代码应为文本' })
      .regex(/^[0-9A-Z]{3}$/, { error: '设备代码应为 3 位大写字母或数字，如 "W01"（写进办件编号，每台电脑一个）' })
      .refine((code) => !isDemoDeviceCode(code), { error: demoDeviceCodeRefusal }),
    printer: printerName.optional(),
  })
  .strict();

export const siteFileSchema = z
  .object({
    format: z.literal(1, { error: 'format 应为 1（本版本的站点文件格式）' }),
    centre: z
      .object({
        name: z.string({ error: '中心名称应为文本' }).trim().min(2, '中心名称不能为空').max(60, '中心名称最长 60 个字'),
        regionCode: z.string({ error: '区划代码应为文本' }).regex(/^[1-8]\d{5}$/, { error: '区划代码应为 6 位数字（GB/T 2260），如 "210211"' }),
      })
      .strict(),
    windows: z
      .array(siteWindowSchema, { error: 'windows 应为窗口列表' })
      .min(1, '至少配置一个窗口')
      .max(200, '窗口最多 200 个')
      .superRefine((windows, context) => {
        const seen = { number: new Map<string, number>(), deviceCode: new Map<string, number>() };
        windows.forEach((window, index) => {
          for (const key of ['number', 'deviceCode'] as const) {
            const first = seen[key].get(window[key]);
            if (first !== undefined) {
              context.addIssue({ code: 'custom', path: [index, key], message: `与第 ${first + 1} 个窗口重复（${window[key]}），每个窗口的${key === 'number' ? '窗口号' : '设备代码'}必须不同` });
            } else seen[key].set(window[key], index);
          }
        });
      }),
    gateway: z
      .object({
        url: httpUrl('前置服务地址'),
        caCertificate: pemCertificate.optional(),
      })
      .strict()
      .optional(),
    update: z
      .object({
        url: httpUrl('更新服务器地址'),
      })
      .strict()
      .optional(),
    printers: z.object({ default: printerName }).strict().optional(),
    idleLockMinutes: z
      .number({ error: '锁屏时间应为数字（分钟）' })
      .int('锁屏时间应为整数分钟')
      .min(1, '锁屏时间至少 1 分钟')
      .max(240, '锁屏时间最长 240 分钟'),
    backup: z
      .object({ keep: z.number({ error: '备份保留份数应为数字' }).int('备份保留份数应为整数').min(1, '至少保留 1 份备份').max(365, '备份最多保留 365 份') })
      .strict()
      .optional(),
  })
  .strict();

export type SiteFile = z.infer<typeof siteFileSchema>;
export type SiteWindow = z.infer<typeof siteWindowSchema>;

/** One thing wrong with a site file: where (`windows[2].deviceCode`) and what to do. */
export interface SiteProblem {
  where: string;
  message: string;
}

export type SiteCheck = { ok: true; site: SiteFile } | { ok: false; problems: SiteProblem[] };

/** `["windows", 2, "deviceCode"]` → `windows[2].deviceCode`, as IT sees it in the file. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '') || '（整个文件）';
}

/** Checks parsed JSON and reports every problem at once, each with where it is. */
export function checkSiteFile(json: unknown): SiteCheck {
  const parsed = siteFileSchema.safeParse(json);
  if (parsed.success) return { ok: true, site: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => ({
      where: formatPath(issue.path),
      message: issue.code === 'unrecognized_keys' ? `不认识的字段：${issue.keys.join('、')}（拼写错误，或本版本不支持）` : issue.message,
    })),
  };
}

/** Parses the file's text, then checks it; a JSON syntax error names its line and column. */
export function parseSiteFile(text: string): SiteCheck {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, problems: [{ where: jsonErrorPlace(text, error), message: `不是有效的 JSON：${error instanceof Error ? error.message : String(error)}` }] };
  }
  return checkSiteFile(json);
}

function jsonErrorPlace(text: string, error: unknown): string {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  if (position === undefined) return '（整个文件）';
  const before = text.replace(/^\uFEFF/, '').slice(0, Number(position));
  const line = before.split('\n').length;
  return `第 ${line} 行第 ${Number(position) - before.lastIndexOf('\n')} 列`;
}
