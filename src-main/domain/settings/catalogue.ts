/**
 * What 系统设置 shows of the `setting` table: every key a person may read, with its Chinese name,
 * what it does, and whether the admin changes it here. The table also holds the app's own
 * bookkeeping (the data key's check value, the audit chain's boundary, this PC's device id):
 * those are not settings anybody should read or copy, so `settings/list` leaves out every key not
 * named here. One definition for main (the filter and the value checks) and the renderer (labels).
 */

export type SettingKind =
  /** A whole number of days or minutes, 1–9999. */
  | 'count'
  /** An http(s) address. */
  | 'url'
  /** Shown only; changed elsewhere (its own panel, the site file) or set by the app. */
  | 'readOnly';

export interface SettingSpec {
  label: string;
  help: string;
  kind: SettingKind;
  /** The value used while the key is unset, as shown to the admin. */
  defaultText?: string;
  /** Chinese names of stored values (site.mode's demo/site, a 0/1 switch). */
  valueLabels?: Readonly<Record<string, string>>;
}

const onOff = { '1': '开启', '0': '关闭', true: '开启', false: '关闭' } as const;

export const settingSpecs = {
  'duplicate.windowDays': {
    label: '重复办件提示天数',
    help: '同一申请人（证件号或统一社会信用代码）在此天数内再次申请同一事项时，受理前列出已有办件请窗口人员确认。',
    kind: 'count',
    defaultText: '30',
  },
  'session.idleMinutes': {
    label: '空闲自动锁定（分钟）',
    help: '窗口无键盘、鼠标操作超过此分钟数即锁定屏幕，须输入本人密码解锁；未保存的表单保留。站点文件规定了锁定时间时以站点文件为准。',
    kind: 'count',
    defaultText: '10',
  },
  'rating.followUpDays': {
    label: '差评回访期限（工作日）',
    help: '申请人评价为“不满意”或“非常不满意”时，为窗口负责人生成回访任务，须在此工作日数内办结。',
    kind: 'count',
    defaultText: '5',
  },
  'notice.verifyBaseUrl': {
    label: '文书核验网址',
    help: '通知书二维码所指向的政务服务平台公网地址（群众手机可以打开），例如 https://zwfw.example.gov.cn。不填时使用本机注册的同步前置服务地址。',
    kind: 'url',
    defaultText: '本机注册的前置服务地址',
  },
  'centre.name': { label: '服务中心名称', help: '打印在通知书和日报上的中心名称，来自站点文件或初始化。', kind: 'readOnly' },
  'site.mode': {
    label: '站点模式',
    help: '“演示”为内置演示数据；“站点文件”表示本机由 IT 下发的站点文件配置。',
    kind: 'readOnly',
    valueLabels: { demo: '演示', site: '站点文件' },
  },
  'site.idleLockMinutes': { label: '站点文件规定的锁定时间（分钟）', help: '来自站点文件，优先于本机的“空闲自动锁定”。在站点文件中修改。', kind: 'readOnly' },
  'backup.keep': { label: '备份保留份数', help: '每日自动备份保留的份数，超出的最早备份被删除。', kind: 'readOnly', defaultText: '7' },
  'export.pdfFontPath': { label: '日报 PDF 字体文件', help: '导出 PDF 日报所用的中文字体文件路径；不填时自动查找系统字体。', kind: 'readOnly' },
  'export.schedule.enabled': { label: '定时导出：是否启用', help: '在“定时导出”面板中修改。', kind: 'readOnly', valueLabels: onOff },
  'export.schedule.time': { label: '定时导出：每日时间', help: '在“定时导出”面板中修改。', kind: 'readOnly' },
  'export.schedule.folder': { label: '定时导出：保存文件夹', help: '在“定时导出”面板中修改。', kind: 'readOnly' },
  'kiosk.enabled': { label: '窗口全屏（自助终端模式）', help: '开启后本机启动即全屏，不能切换到其他程序。', kind: 'readOnly', valueLabels: onOff },
  'print.printer': { label: '本机打印机', help: '打印通知书所用的打印机；站点文件为本窗口指定了打印机时以站点文件为准。', kind: 'readOnly' },
  'update.url': { label: '更新服务器地址', help: '本机检查和下载新版本的内网地址；站点文件中的地址优先。', kind: 'readOnly' },
  'gateway.url': { label: '前置服务地址', help: '同步所用的政务服务平台前置服务地址；在“同步”页注册时填写。', kind: 'readOnly' },
} as const satisfies Record<string, SettingSpec>;

export type KnownSettingKey = keyof typeof settingSpecs;

/** The settings the admin changes from 系统设置 (settings/set accepts only these). */
export const editableSettings = ['duplicate.windowDays', 'session.idleMinutes', 'rating.followUpDays', 'notice.verifyBaseUrl'] as const;

export function settingSpec(key: string): SettingSpec | null {
  return Object.hasOwn(settingSpecs, key) ? settingSpecs[key as KnownSettingKey] : null;
}

/** Whether 系统设置 may show this key; anything not named above is the app's own bookkeeping. */
export function isShownSetting(key: string): boolean {
  return settingSpec(key) !== null;
}

/** What is wrong with a new value for an editable setting, in Chinese, or null. */
export function settingValueProblem(key: (typeof editableSettings)[number], value: string): string | null {
  const spec: SettingSpec = settingSpecs[key];
  if (spec.kind === 'count') {
    return /^\d{1,4}$/.test(value) && Number(value) >= 1 ? null : `${spec.label}须为 1–9999 之间的整数`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${spec.label}须为以 https:// 开头的完整网址，例如 https://zwfw.example.gov.cn`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${spec.label}须以 https:// 开头`;
  if (url.search || url.hash) return `${spec.label}只填网站地址，不要带“?”或“#”之后的部分`;
  return null;
}

/** The value as shown: a named value's Chinese name, else the value itself. */
export function settingValueText(key: string, value: string): string {
  return settingSpec(key)?.valueLabels?.[value] ?? value;
}
