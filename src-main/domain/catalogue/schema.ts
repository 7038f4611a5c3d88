/**
 * The matter catalogue (事项目录): which departments exist, which matters (事项) a comprehensive
 * window may take, what materials each needs, and which matters form a bundle (一件事).
 *
 * The catalogue is data published by the centre (and re-published when the province updates its
 * lists), so everything here is validated on import rather than trusted. Structural rules live in
 * the zod schemas; rules that relate several fields or entries (time limits, uniqueness, cross
 * references) live in `catalogueRuleIssues`, which reads raw input defensively so that an import
 * can report them together with the structural errors instead of one layer at a time.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Enumerations: English keys in data (stable, ASCII, safe in JSON and SQL), Chinese labels for UI.

export const MATTER_KINDS = ['immediate', 'promised'] as const;
export type MatterKind = (typeof MATTER_KINDS)[number];
export const MATTER_KIND_LABELS: Readonly<Record<MatterKind, string>> = {
  immediate: '即办件',
  promised: '承诺件',
};

export const LIMIT_UNITS = ['working', 'calendar'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];
export const LIMIT_UNIT_LABELS: Readonly<Record<LimitUnit, string>> = {
  working: '工作日',
  calendar: '自然日',
};

export const MATERIAL_FORMS = ['original', 'copy', 'electronic'] as const;
export type MaterialForm = (typeof MATERIAL_FORMS)[number];
export const MATERIAL_FORM_LABELS: Readonly<Record<MaterialForm, string>> = {
  original: '原件',
  copy: '复印件',
  electronic: '电子件',
};

/** Review steps a back office may have, in order; a matter uses the first `reviewSteps` of them. */
export const REVIEW_STEP_LABELS = ['承办', '审核', '批准'] as const;

// ---------------------------------------------------------------------------------------------
// Field schemas

/** Codes are opaque strings from provincial systems (实施编码 can be ~36–50 chars); never parsed. */
const code = z.string().trim().min(1).max(50);
const text = (max: number) => z.string().trim().min(1).max(max);

const regionCode = z
  .string()
  .regex(/^\d{6}$/, { error: '应为 6 位数字的行政区划代码（GB/T 2260，如甘井子区 210211）' });

/**
 * Kebab-case so that a shared key can never collide with the `matterCode/materialCode` keys used
 * for per-matter material rows (those contain a slash).
 */
const sharedKey = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
  error: '应为小写字母、数字和连字符组成的稳定键（如 applicant-id-card），同一真实材料在各事项中须使用同一个键',
});

export const TimeLimitSchema = z.strictObject({
  value: z.number().int().min(0),
  unit: z.enum(LIMIT_UNITS),
});
export type TimeLimit = z.infer<typeof TimeLimitSchema>;

export const DepartmentSchema = z.strictObject({
  code,
  name: text(100),
});
export type Department = z.infer<typeof DepartmentSchema>;

export const MaterialSchema = z.strictObject({
  code,
  name: text(200),
  required: z.boolean(),
  form: z.enum(MATERIAL_FORMS),
  copies: z.number().int().min(1),
  /** 容缺受理: the window may accept the case while this material follows later. */
  deferrable: z.boolean(),
  /** Shown to the clerk at the counter, e.g. "核验原件，留存复印件". */
  hint: text(300).optional(),
  /** Same real-world material across matters (ID card, business licence) → same key; bundles de-duplicate on it. */
  sharedKey: sharedKey.optional(),
});
export type Material = z.infer<typeof MaterialSchema>;

export const MatterSchema = z.strictObject({
  code,
  name: text(200),
  departmentCode: code,
  /** 区划代码 of the competent authority; may differ from the centre's (city-level bodies, 跨区通办). */
  regionCode,
  kind: z.enum(MATTER_KINDS),
  statutoryLimit: TimeLimitSchema,
  promisedLimit: TimeLimitSchema,
  feeYuan: z
    .number()
    .min(0)
    .multipleOf(0.01, { error: '金额最多保留两位小数（精确到分）' }),
  crossRegion: z.boolean(),
  reviewSteps: z.number().int().min(1).max(REVIEW_STEP_LABELS.length),
  version: z.number().int().min(1),
  materials: z.array(MaterialSchema).min(1),
});
export type Matter = z.infer<typeof MatterSchema>;

export const BundleSchema = z.strictObject({
  code,
  name: text(100),
  matterCodes: z.array(code).min(2),
  description: text(1000),
});
export type Bundle = z.infer<typeof BundleSchema>;

/** Shape only; `CatalogueSchema` adds the cross-entry rules. */
export const CatalogueShapeSchema = z.strictObject({
  version: text(50),
  departments: z.array(DepartmentSchema).min(1),
  matters: z.array(MatterSchema).min(1),
  bundles: z.array(BundleSchema),
});

// ---------------------------------------------------------------------------------------------
// Cross-field and cross-entry rules

export interface RuleIssue {
  path: (string | number)[];
  message: string;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The trimmed code, or undefined when the field is malformed (the structural check reports that). */
function codeOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function limitOf(value: unknown): TimeLimit | undefined {
  const parsed = TimeLimitSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function formatLimit(limit: TimeLimit): string {
  return `${limit.value} 个${LIMIT_UNIT_LABELS[limit.unit]}`;
}

/**
 * Reports a later entry whose key was already used, pointing at the duplicate and naming the first.
 * `what` is the Chinese noun ("事项编码"), `where` names an entry by 1-based position.
 */
function checkUnique(
  entries: unknown[],
  keyOf: (entry: Record<string, unknown>) => string | undefined,
  basePath: (string | number)[],
  field: string,
  describe: (key: string, firstIndex: number) => string,
  issues: RuleIssue[],
): void {
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const record = asRecord(entry);
    if (!record) return;
    const key = keyOf(record);
    if (key === undefined) return;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else issues.push({ path: [...basePath, index, field], message: describe(key, first) });
  });
}

function checkMatter(matter: Record<string, unknown>, index: number, departmentCodes: Set<string>, issues: RuleIssue[]): void {
  const base = ['matters', index];

  const departmentCode = codeOf(matter['departmentCode']);
  if (departmentCode !== undefined && !departmentCodes.has(departmentCode)) {
    issues.push({
      path: [...base, 'departmentCode'],
      message: `所属部门编码“${departmentCode}”在部门列表中不存在，请先在 departments 中添加该部门或更正编码`,
    });
  }

  const statutory = limitOf(matter['statutoryLimit']);
  const promised = limitOf(matter['promisedLimit']);
  const kind = matter['kind'];
  if (promised) {
    // 即办件 are decided at the counter, so any promised time would start a clock nobody stops.
    if (kind === 'immediate' && promised.value !== 0) {
      issues.push({
        path: [...base, 'promisedLimit', 'value'],
        message: `即办件的承诺时限应为 0（当场办结），当前为 ${formatLimit(promised)}；如需时间办理，请将办件类型改为承诺件（promised）`,
      });
    }
    if (kind === 'promised' && promised.value === 0) {
      issues.push({
        path: [...base, 'promisedLimit', 'value'],
        message: '承诺件的承诺时限至少为 1 天；如当场办结，请将办件类型改为即办件（immediate）',
      });
    }
  }
  // Different units cannot be compared without the holiday calendar and a start date, so only
  // same-unit limits are checked here.
  if (statutory && promised && statutory.unit === promised.unit && promised.value > statutory.value) {
    issues.push({
      path: [...base, 'promisedLimit', 'value'],
      message: `承诺时限（${formatLimit(promised)}）超过了法定时限（${formatLimit(statutory)}），承诺时限不得长于法定时限，请更正`,
    });
  }

  const materials = asArray(matter['materials']);
  checkUnique(
    materials,
    (m) => codeOf(m['code']),
    [...base, 'materials'],
    'code',
    (key, first) => `材料编码“${key}”在本事项中重复（第 ${first + 1} 项材料已使用），同一事项内材料编码须唯一`,
    issues,
  );
  // Two materials of one matter sharing a key would be silently merged into one row at intake.
  checkUnique(
    materials,
    (m) => (typeof m['sharedKey'] === 'string' ? m['sharedKey'] : undefined),
    [...base, 'materials'],
    'sharedKey',
    (key, first) =>
      `共享材料键“${key}”在本事项中重复（第 ${first + 1} 项材料已使用）；不同材料须使用不同的键，否则受理时会被合并为一项`,
    issues,
  );
}

function checkBundle(bundle: Record<string, unknown>, index: number, matterCodes: Set<string>, issues: RuleIssue[]): void {
  const seen = new Set<string>();
  asArray(bundle['matterCodes']).forEach((value, i) => {
    const matterCode = codeOf(value);
    if (matterCode === undefined) return;
    const path = ['bundles', index, 'matterCodes', i];
    if (!matterCodes.has(matterCode)) {
      issues.push({ path, message: `事项编码“${matterCode}”在事项列表中不存在，请更正编码或先添加该事项` });
    } else if (seen.has(matterCode)) {
      issues.push({ path, message: `事项“${matterCode}”在本一件事中重复出现，请删除重复项` });
    }
    seen.add(matterCode);
  });
}

/**
 * Rules spanning fields or entries. Accepts unknown input and skips anything malformed, because
 * the import runs it on the raw JSON alongside the structural check to report every problem at once.
 */
export function catalogueRuleIssues(input: unknown): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const root = asRecord(input);
  if (!root) return issues;
  const departments = asArray(root['departments']);
  const matters = asArray(root['matters']);
  const bundles = asArray(root['bundles']);

  checkUnique(
    departments,
    (d) => codeOf(d['code']),
    ['departments'],
    'code',
    (key, first) => `部门编码“${key}”重复（第 ${first + 1} 个部门已使用），请删除重复部门或更正编码`,
    issues,
  );
  checkUnique(
    matters,
    (m) => codeOf(m['code']),
    ['matters'],
    'code',
    (key, first) => `事项编码“${key}”重复（第 ${first + 1} 个事项已使用），请删除重复事项或更正编码`,
    issues,
  );
  checkUnique(
    bundles,
    (b) => codeOf(b['code']),
    ['bundles'],
    'code',
    (key, first) => `一件事编码“${key}”重复（第 ${first + 1} 个一件事已使用），请更正编码`,
    issues,
  );

  const departmentCodes = new Set<string>();
  for (const d of departments) {
    const c = codeOf(asRecord(d)?.['code']);
    if (c !== undefined) departmentCodes.add(c);
  }
  const matterCodes = new Set<string>();
  for (const m of matters) {
    const c = codeOf(asRecord(m)?.['code']);
    if (c !== undefined) matterCodes.add(c);
  }

  matters.forEach((m, i) => {
    const record = asRecord(m);
    if (record) checkMatter(record, i, departmentCodes, issues);
  });
  bundles.forEach((b, i) => {
    const record = asRecord(b);
    if (record) checkBundle(record, i, matterCodes, issues);
  });
  return issues;
}

/** The full catalogue schema: shape plus every cross-entry rule. Use `parseCatalogue` for imports. */
export const CatalogueSchema = CatalogueShapeSchema.superRefine((catalogue, ctx) => {
  for (const issue of catalogueRuleIssues(catalogue)) {
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  }
});
export type Catalogue = z.infer<typeof CatalogueSchema>;
/** What a catalogue file contains before trimming. */
export type CatalogueInput = z.input<typeof CatalogueSchema>;

// ---------------------------------------------------------------------------------------------
// Chinese messages for zod's built-in issues. Passed per parse (not via global `z.config`) so that
// importing this module does not change messages for every other schema in the process.

const VALUE_LABELS: Readonly<Record<string, string>> = {
  ...MATTER_KIND_LABELS,
  ...LIMIT_UNIT_LABELS,
  ...MATERIAL_FORM_LABELS,
};

const TYPE_LABELS: Readonly<Record<string, string>> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值（true 或 false）',
  array: '列表（数组）',
  object: '对象',
};

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return '列表';
  if (typeof input === 'string') return `“${input.length > 30 ? `${input.slice(0, 30)}…` : input}”`;
  if (typeof input === 'number' || typeof input === 'boolean') return String(input);
  if (typeof input === 'object') return '对象';
  return typeof input;
}

function lengthOf(input: unknown): number | undefined {
  if (typeof input === 'string' || Array.isArray(input)) return input.length;
  return undefined;
}

/** Error map for catalogue parsing; messages say what is wrong and, where it helps, the current value. */
export const catalogueErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return '缺少此项，请填写';
      const expected = TYPE_LABELS[issue.expected] ?? issue.expected;
      return `应为${expected}，当前为 ${describeInput(issue.input)}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') {
        return min <= 1 ? '不能为空' : `至少需要 ${min} 个字符`;
      }
      if (issue.origin === 'array') {
        return `至少需要 ${min} 项，当前只有 ${lengthOf(issue.input) ?? 0} 项`;
      }
      return issue.inclusive ? `不能小于 ${min}，当前为 ${describeInput(issue.input)}` : `必须大于 ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `不能超过 ${max} 个字符，当前为 ${lengthOf(issue.input) ?? '?'} 个`;
      if (issue.origin === 'array') return `最多 ${max} 项，当前为 ${lengthOf(issue.input) ?? '?'} 项`;
      return issue.inclusive ? `不能大于 ${max}，当前为 ${describeInput(issue.input)}` : `必须小于 ${max}`;
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => {
        const key = String(v);
        const label = VALUE_LABELS[key];
        return label ? `${key}（${label}）` : key;
      });
      return `${describeInput(issue.input)} 不是有效取值，应为以下之一：${allowed.join('、')}`;
    }
    case 'unrecognized_keys':
      return `包含未知字段 ${issue.keys.join('、')}，请检查拼写或删除`;
    case 'invalid_format':
      return '格式不正确';
    default:
      return '取值无效';
  }
};
