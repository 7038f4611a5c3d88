/**
 * Importing a catalogue, and the material lists the intake screen shows for a matter or a bundle.
 */
import { AppError } from '../errors.ts';
import {
  CatalogueShapeSchema,
  MATERIAL_FORMS,
  catalogueErrorMap,
  catalogueRuleIssues,
  type Catalogue,
  type MaterialForm,
  type Matter,
} from './schema.ts';

/** One problem in a catalogue file, precise enough for an administrator to fix it in the JSON. */
export interface CatalogueIssue {
  /** Where in the file, e.g. `matters[3].materials[1].copies`. */
  path: string;
  /** Code of the department, matter or bundle the problem is in, when the file gives one. */
  entry?: string;
  /** The offending field's key (`copies`), or the collection for list-level problems. */
  field: string;
  /** Chinese, naming the field and what to change. */
  message: string;
}

const SECTIONS = ['departments', 'matters', 'bundles'] as const;
type Section = (typeof SECTIONS)[number];

const ENTRY_NAMES: Readonly<Record<Section, string>> = {
  departments: '部门',
  matters: '事项',
  bundles: '一件事',
};

/** Chinese field names by the collection (or nested object) the field sits in. */
const FIELD_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '': { version: '目录版本号', departments: '部门列表', matters: '事项列表', bundles: '一件事列表' },
  departments: { code: '部门编码', name: '部门名称' },
  matters: {
    code: '事项编码',
    name: '事项名称',
    departmentCode: '所属部门编码',
    regionCode: '区划代码',
    kind: '办件类型',
    statutoryLimit: '法定时限',
    promisedLimit: '承诺时限',
    feeYuan: '收费金额（元）',
    crossRegion: '是否跨区通办',
    reviewSteps: '审批环节数',
    version: '事项版本号',
    materials: '材料清单',
  },
  statutoryLimit: { value: '法定时限天数', unit: '法定时限单位' },
  promisedLimit: { value: '承诺时限天数', unit: '承诺时限单位' },
  materials: {
    code: '材料编码',
    name: '材料名称',
    required: '是否必需',
    form: '材料形式',
    copies: '材料份数',
    deferrable: '是否容缺',
    hint: '窗口提示',
    sharedKey: '共享材料键',
  },
  bundles: { code: '一件事编码', name: '一件事名称', matterCodes: '包含的事项', description: '一件事说明' },
};

type PathSegment = string | number;

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

function fieldOf(path: readonly PathSegment[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i];
    if (typeof segment === 'string') return segment;
  }
  return '';
}

function labelOf(path: readonly PathSegment[]): string {
  const strings = path.filter((s): s is string => typeof s === 'string');
  const field = strings[strings.length - 1];
  if (field === undefined) return '目录文件';
  const context = strings[strings.length - 2] ?? '';
  const label = FIELD_LABELS[context]?.[field] ?? field;
  // A trailing index means the problem is one element of a list of codes (bundle matterCodes).
  return typeof path[path.length - 1] === 'number' && field === 'matterCodes' ? '包含的事项编码' : label;
}

function isSection(value: unknown): value is Section {
  return typeof value === 'string' && (SECTIONS as readonly string[]).includes(value);
}

/** The code of the top-level entry a path points into, read from the raw input if it is a string. */
function entryOf(json: unknown, path: readonly PathSegment[]): string | undefined {
  const [section, index] = path;
  if (!isSection(section) || typeof index !== 'number') return undefined;
  if (typeof json !== 'object' || json === null) return undefined;
  const list = (json as Record<string, unknown>)[section];
  if (!Array.isArray(list)) return undefined;
  const entry: unknown = list[index];
  if (typeof entry !== 'object' || entry === null) return undefined;
  const entryCode = (entry as Record<string, unknown>)['code'];
  return typeof entryCode === 'string' && entryCode.trim() !== '' ? entryCode.trim() : undefined;
}

function makeIssue(json: unknown, path: PathSegment[], message: string): CatalogueIssue {
  const issue: CatalogueIssue = { path: formatPath(path), field: fieldOf(path), message };
  const entry = entryOf(json, path);
  if (entry !== undefined) issue.entry = entry;
  return issue;
}

/** Document order: root fields first, then departments, matters, bundles, each by index. */
function orderKey(issue: { rawPath: PathSegment[] }): [number, number] {
  const [section, index] = issue.rawPath;
  const rank = isSection(section) ? SECTIONS.indexOf(section) + 1 : 0;
  return [rank, typeof index === 'number' ? index : -1];
}

/**
 * Validates a catalogue file and returns it, or throws one `AppError('VALIDATION')` listing every
 * problem in `details` (`CatalogueIssue[]`). All or nothing: a catalogue with one bad matter is
 * rejected whole, because a window working from half a catalogue would refuse matters it should take.
 */
export function parseCatalogue(json: unknown): Catalogue {
  const shape = CatalogueShapeSchema.safeParse(json, { error: catalogueErrorMap });
  // Rules run even when the shape is broken so the administrator sees every problem in one pass.
  const rules = catalogueRuleIssues(shape.success ? shape.data : json);
  if (shape.success && rules.length === 0) return shape.data;

  const collected: { rawPath: PathSegment[]; issue: CatalogueIssue }[] = [];
  for (const zodIssue of shape.error?.issues ?? []) {
    const path = zodIssue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
    if (zodIssue.code === 'unrecognized_keys') {
      // One row per unknown key, so each row points at exactly one thing to delete or rename.
      for (const key of zodIssue.keys) {
        const keyPath = [...path, key];
        collected.push({ rawPath: keyPath, issue: makeIssue(json, keyPath, `未知字段“${key}”，请检查拼写或删除该字段`) });
      }
      continue;
    }
    collected.push({ rawPath: path, issue: makeIssue(json, path, `${labelOf(path)}：${zodIssue.message}`) });
  }
  for (const rule of rules) {
    collected.push({ rawPath: rule.path, issue: makeIssue(json, rule.path, rule.message) });
  }

  // Array.prototype.sort is stable, so issues within one entry keep the order they were found in.
  collected.sort((a, b) => {
    const [ra, ia] = orderKey(a);
    const [rb, ib] = orderKey(b);
    return ra - rb || ia - ib;
  });
  const issues = collected.map((c) => c.issue);
  const where = (issue: CatalogueIssue): string => {
    const section = issue.path.match(/^(departments|matters|bundles)\[/)?.[1];
    const name = isSection(section) ? ENTRY_NAMES[section] : undefined;
    return name && issue.entry ? `${name}“${issue.entry}”` : issue.path || '目录文件';
  };
  const first = issues[0];
  const preview = first ? `第一处：${where(first)} ${first.message}` : '';
  throw new AppError('VALIDATION', `目录导入失败：共 ${issues.length} 处错误，未导入任何内容。请按错误列表修改目录文件后重新导入。${preview}`, {
    field: first?.path,
    details: issues,
  });
}

// ---------------------------------------------------------------------------------------------
// Material rows for intake

/** Where a row's material comes from, so the intake record can tick it off in every matter. */
export interface MaterialSource {
  matterCode: string;
  materialCode: string;
}

/** One line of the material checklist the clerk works through. */
export interface MaterialRow {
  /** `sharedKey` when the material is shared, otherwise `matterCode/materialCode`. */
  key: string;
  name: string;
  required: boolean;
  form: MaterialForm;
  copies: number;
  deferrable: boolean;
  hint?: string;
  /** Matters that ask for this material, in bundle order, without repeats. */
  matterCodes: string[];
  sources: MaterialSource[];
}

interface Contribution {
  matterCode: string;
  material: Matter['materials'][number];
}

/** Lower index = asks more of the applicant; presenting an original also lets the window copy or scan it. */
function formRank(form: MaterialForm): number {
  return MATERIAL_FORMS.indexOf(form);
}

function mergeRow(key: string, contributions: Contribution[]): MaterialRow {
  const [head] = contributions;
  if (!head) throw new AppError('INTERNAL', '材料合并时没有任何来源，这是程序错误，请联系技术支持');
  const requiring = contributions.filter((c) => c.material.required);
  // Deferral only matters where the material is required: an optional listing elsewhere (usually
  // flagged not deferrable because the question does not arise) must not block 容缺 for the rest.
  const deciding = requiring.length > 0 ? requiring : contributions;
  let form = head.material.form;
  for (const c of contributions) if (formRank(c.material.form) < formRank(form)) form = c.material.form;
  const hints = [...new Set(contributions.map((c) => c.material.hint).filter((h): h is string => h !== undefined))];
  const row: MaterialRow = {
    key,
    name: head.material.name,
    required: requiring.length > 0,
    form,
    copies: Math.max(...contributions.map((c) => c.material.copies)),
    deferrable: deciding.every((c) => c.material.deferrable),
    matterCodes: [...new Set(contributions.map((c) => c.matterCode))],
    sources: contributions.map((c) => ({ matterCode: c.matterCode, materialCode: c.material.code })),
  };
  if (hints.length > 0) row.hint = hints.join('；');
  return row;
}

export function materialRows(matters: readonly Matter[]): MaterialRow[] {
  // Map preserves insertion order, so rows appear where the material is first asked for.
  const groups = new Map<string, Contribution[]>();
  for (const matter of matters) {
    for (const material of matter.materials) {
      const key = material.sharedKey ?? `${matter.code}/${material.code}`;
      const group = groups.get(key);
      const contribution = { matterCode: matter.code, material };
      if (group) group.push(contribution);
      else groups.set(key, [contribution]);
    }
  }
  return [...groups].map(([key, contributions]) => mergeRow(key, contributions));
}

/** The checklist for a single matter, in the same row shape as a bundle's. */
export function materialsForMatter(matter: Matter): MaterialRow[] {
  return materialRows([matter]);
}

/**
 * 只提交一次材料: the union of a bundle's materials, each real-world material (same `sharedKey`)
 * asked for once. Merged rows are required if any matter requires them, deferrable only if every
 * matter requiring them allows 容缺, ask for the most copies any matter needs and the strongest
 * form (原件 > 复印件 > 电子件). Materials without a `sharedKey` stay one row per matter.
 */
export function bundleMaterials(catalogue: Catalogue, bundleCode: string): MaterialRow[] {
  const bundle = catalogue.bundles.find((b) => b.code === bundleCode);
  if (!bundle) {
    throw new AppError('NOT_FOUND', `目录（版本 ${catalogue.version}）中没有编码为“${bundleCode}”的一件事，请刷新目录或重新选择`, {
      field: 'bundleCode',
    });
  }
  const matters = bundle.matterCodes.map((matterCode) => {
    const matter = catalogue.matters.find((m) => m.code === matterCode);
    if (!matter) {
      throw new AppError('NOT_FOUND', `一件事“${bundle.name}”包含的事项“${matterCode}”不在目录中，请重新导入目录`, {
        field: 'bundleCode',
      });
    }
    return matter;
  });
  return materialRows(matters);
}
