import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-main/domain/errors.ts';
import { parseCatalogue, type CatalogueIssue } from '../../../../src-main/domain/catalogue/import.ts';
import { CatalogueSchema, type CatalogueInput } from '../../../../src-main/domain/catalogue/schema.ts';

const demoUrl = new URL('../../../../resources/demo/catalogue.json', import.meta.url);
/** A fresh, mutable copy of the demo file for every test. */
function demo(): CatalogueInput {
  return JSON.parse(readFileSync(demoUrl, 'utf8')) as CatalogueInput;
}

/** Runs the import expecting failure; returns the error so tests can inspect every issue. */
function importFailure(json: unknown): { error: AppError; issues: CatalogueIssue[] } {
  let returned: unknown;
  try {
    returned = parseCatalogue(json);
  } catch (error) {
    expect(returned).toBeUndefined();
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe('VALIDATION');
    return { error: appError, issues: appError.details as CatalogueIssue[] };
  }
  throw new Error('parseCatalogue accepted a broken catalogue');
}

const CHINESE = /[\u4e00-\u9fff]/;

describe('demo catalogue', () => {
  const catalogue = parseCatalogue(demo());

  it('parses and is marked as demo data', () => {
    expect(catalogue.version).toMatch(/demo/);
  });

  it('is large enough to exercise the app', () => {
    expect(catalogue.matters.length).toBeGreaterThanOrEqual(25);
    expect(catalogue.departments.length).toBeGreaterThanOrEqual(8);
    expect(catalogue.bundles.length).toBeGreaterThanOrEqual(3);
  });

  it('covers the variety the intake screens must handle', () => {
    const { matters } = catalogue;
    expect(matters.every((m) => m.materials.length >= 3 && m.materials.length <= 10)).toBe(true);
    expect(matters.filter((m) => m.statutoryLimit.unit === 'calendar').length).toBeGreaterThanOrEqual(2);
    expect(matters.some((m) => m.kind === 'immediate')).toBe(true);
    expect(matters.some((m) => m.kind === 'promised')).toBe(true);
    expect(matters.some((m) => m.feeYuan > 0)).toBe(true);
    expect(matters.some((m) => m.crossRegion)).toBe(true);
    expect(new Set(matters.map((m) => m.reviewSteps))).toEqual(new Set([1, 2, 3]));
    expect(matters.some((m) => m.materials.some((x) => x.deferrable))).toBe(true);
    expect(matters.filter((m) => m.regionCode === '210211').length).toBeGreaterThan(matters.length / 2);
    for (const m of matters.filter((x) => x.kind === 'immediate')) expect(m.promisedLimit.value).toBe(0);
  });

  it('passes the full schema too, not only the import path', () => {
    expect(CatalogueSchema.safeParse(demo()).success).toBe(true);
  });
});

describe('parseCatalogue: all or nothing', () => {
  function broken(): { json: CatalogueInput; at: (code: string) => number } {
    const json = demo();
    const at = (code: string): number => {
      const index = json.matters.findIndex((m) => m.code === code);
      if (index < 0) throw new Error(`demo lacks ${code}`);
      return index;
    };
    return { json, at };
  }

  it('reports every error, in different entries, with path, entry, field and a Chinese message', () => {
    const { json, at } = broken();
    const food = at('GJZ-SCJG-0004');
    const permit = at('GJZ-GA-0004');
    const presale = at('GJZ-ZJ-0001');
    const mortgage = at('DL-BDC-0002');
    const query = at('DL-BDC-0003');
    const subsidy = at('GJZ-MZ-0003');

    json.departments[1]!.name = '   ';
    json.matters[food]!.materials[1]!.copies = 0;
    json.matters[permit]!.departmentCode = 'GJZ-NOSUCH';
    json.matters[presale]!.promisedLimit = { value: 15, unit: 'working' }; // statutory is 10 working days
    json.matters[mortgage]!.code = 'DL-BDC-0001'; // duplicate of an earlier matter
    json.matters[query]!.kind = 'urgent' as 'immediate';
    (json.matters[subsidy]!.materials[0] as Record<string, unknown>)['colour'] = 'red';
    json.bundles[2]!.matterCodes.push('GJZ-GHOST-0001');

    const { error, issues } = importFailure(json);

    const summary = issues.map(({ path, entry, field }) => ({ path, entry, field }));
    expect(summary).toEqual([
      { path: 'departments[1].name', entry: 'GJZ-GA', field: 'name' },
      { path: `matters[${food}].materials[1].copies`, entry: 'GJZ-SCJG-0004', field: 'copies' },
      { path: `matters[${permit}].departmentCode`, entry: 'GJZ-GA-0004', field: 'departmentCode' },
      { path: `matters[${subsidy}].materials[0].colour`, entry: 'GJZ-MZ-0003', field: 'colour' },
      { path: `matters[${presale}].promisedLimit.value`, entry: 'GJZ-ZJ-0001', field: 'value' },
      { path: `matters[${mortgage}].code`, entry: 'DL-BDC-0001', field: 'code' },
      { path: `matters[${query}].kind`, entry: 'DL-BDC-0003', field: 'kind' },
      { path: 'bundles[2].matterCodes[3]', entry: 'YJS-TX', field: 'matterCodes' },
    ]);
    expect(error.message).toContain(`目录导入失败：共 ${issues.length} 处错误，未导入任何内容`);
    expect(error.field).toBe('departments[1].name');
    for (const issue of issues) {
      expect(issue.message).toMatch(CHINESE);
      expect(issue.message).not.toMatch(/Invalid|expected|received/i);
    }

    const byField = (field: string) => issues.find((i) => i.field === field)?.message;
    expect(byField('name')).toBe('部门名称：不能为空');
    expect(byField('copies')).toBe('材料份数：不能小于 1，当前为 0');
    expect(byField('departmentCode')).toContain('GJZ-NOSUCH');
    expect(byField('value')).toContain('承诺时限（15 个工作日）超过了法定时限（10 个工作日）');
    expect(byField('code')).toMatch(/事项编码“DL-BDC-0001”重复/);
    expect(byField('kind')).toContain('immediate（即办件）');
    expect(byField('colour')).toContain('未知字段“colour”');
    expect(byField('matterCodes')).toContain('GJZ-GHOST-0001');
  });

  it('reports missing fields and wrong types per field rather than per entry', () => {
    const json = demo() as unknown as { matters: Record<string, unknown>[] };
    const matter = json.matters[0]!;
    delete matter['name'];
    matter['feeYuan'] = '免费';
    matter['reviewSteps'] = 4;
    matter['regionCode'] = '2102';
    matter['materials'] = [];
    const { issues } = importFailure(json);
    expect(issues.map((i) => [i.field, i.message])).toEqual([
      ['name', '事项名称：缺少此项，请填写'],
      ['regionCode', '区划代码：应为 6 位数字的行政区划代码（GB/T 2260，如甘井子区 210211）'],
      ['feeYuan', '收费金额（元）：应为数字，当前为 “免费”'],
      ['reviewSteps', '审批环节数：不能大于 3，当前为 4'],
      ['materials', '材料清单：至少需要 1 项，当前只有 0 项'],
    ]);
    expect(issues.every((i) => i.entry === 'GJZ-SCJG-0001')).toBe(true);
  });

  it('rejects input that is not a catalogue object at all', () => {
    const { issues } = importFailure('not json');
    expect(issues).toEqual([{ path: '', field: '', message: '目录文件：应为对象，当前为 “not json”' }]);
  });

  it('treats codes that differ only by surrounding spaces as duplicates', () => {
    const json = demo();
    json.departments.push({ code: ' GJZ-MZ ', name: '重复的民政局' });
    const { issues } = importFailure(json);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: `departments[${json.departments.length - 1}].code`, entry: 'GJZ-MZ' });
  });

  it('flags duplicate material codes and shared keys inside one matter', () => {
    const json = demo();
    const materials = json.matters[0]!.materials;
    materials.push({ ...materials[0]!, name: '另一份申请书' }); // same code M01
    materials.push({ ...materials[3]!, code: 'M99' }); // same sharedKey legal-rep-id-card
    const { issues } = importFailure(json);
    expect(issues.map((i) => i.path)).toEqual([
      `matters[0].materials[${materials.length - 2}].code`,
      `matters[0].materials[${materials.length - 1}].sharedKey`,
    ]);
  });
});

describe('time-limit rules', () => {
  function withLimits(kind: 'immediate' | 'promised', statutory: unknown, promised: unknown): CatalogueInput {
    const json = demo();
    const matter = json.matters[0]!;
    matter.kind = kind;
    matter.statutoryLimit = statutory as CatalogueInput['matters'][number]['statutoryLimit'];
    matter.promisedLimit = promised as CatalogueInput['matters'][number]['promisedLimit'];
    return json;
  }

  it('accepts a promised limit equal to or shorter than the statutory one', () => {
    expect(() => parseCatalogue(withLimits('promised', { value: 20, unit: 'working' }, { value: 20, unit: 'working' }))).not.toThrow();
    expect(() => parseCatalogue(withLimits('promised', { value: 20, unit: 'working' }, { value: 5, unit: 'working' }))).not.toThrow();
  });

  it('rejects a promised limit longer than the statutory one in the same unit', () => {
    const { issues } = importFailure(withLimits('promised', { value: 60, unit: 'calendar' }, { value: 61, unit: 'calendar' }));
    expect(issues).toEqual([
      {
        path: 'matters[0].promisedLimit.value',
        entry: 'GJZ-SCJG-0001',
        field: 'value',
        message: '承诺时限（61 个自然日）超过了法定时限（60 个自然日），承诺时限不得长于法定时限，请更正',
      },
    ]);
  });

  it('does not compare limits in different units (that needs the holiday calendar)', () => {
    expect(() => parseCatalogue(withLimits('promised', { value: 5, unit: 'working' }, { value: 7, unit: 'calendar' }))).not.toThrow();
  });

  it('requires 0 promised days for 即办件 and at least 1 for 承诺件', () => {
    const immediate = importFailure(withLimits('immediate', { value: 5, unit: 'working' }, { value: 2, unit: 'working' }));
    expect(immediate.issues.map((i) => i.message)).toEqual([expect.stringContaining('即办件的承诺时限应为 0')]);
    const promised = importFailure(withLimits('promised', { value: 5, unit: 'working' }, { value: 0, unit: 'working' }));
    expect(promised.issues.map((i) => i.message)).toEqual([expect.stringContaining('承诺件的承诺时限至少为 1 天')]);
  });

  it('rejects negative and fractional day counts with the limit named', () => {
    const { issues } = importFailure(withLimits('promised', { value: 2.5, unit: 'working' }, { value: -1, unit: 'working' }));
    expect(issues.map((i) => i.message)).toEqual(['法定时限天数：应为整数，当前为 2.5', '承诺时限天数：不能小于 0，当前为 -1']);
  });

  it('applies the same rule when the schema is used directly', () => {
    const result = CatalogueSchema.safeParse(withLimits('promised', { value: 10, unit: 'working' }, { value: 11, unit: 'working' }));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['matters', 0, 'promisedLimit', 'value']);
  });
});
