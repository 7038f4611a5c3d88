import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-main/domain/errors.ts';
import { bundleMaterials, materialsForMatter, parseCatalogue, type MaterialRow } from '../../../../src-main/domain/catalogue/import.ts';
import type { CatalogueInput } from '../../../../src-main/domain/catalogue/schema.ts';

const demo = parseCatalogue(JSON.parse(readFileSync(new URL('../../../../resources/demo/catalogue.json', import.meta.url), 'utf8')));

function row(rows: MaterialRow[], key: string): MaterialRow {
  const found = rows.filter((r) => r.key === key);
  expect(found, `rows with key ${key}`).toHaveLength(1);
  return found[0]!;
}

function totalMaterials(bundleCode: string): number {
  const bundle = demo.bundles.find((b) => b.code === bundleCode)!;
  return bundle.matterCodes.reduce((n, code) => n + demo.matters.find((m) => m.code === code)!.materials.length, 0);
}

describe('bundleMaterials on the demo catalogue', () => {
  it('asks for the applicant ID card once in 新生儿出生一件事, listing every matter that needs it', () => {
    const rows = bundleMaterials(demo, 'YJS-XSECS');
    const idCard = row(rows, 'applicant-id-card');
    expect(idCard.matterCodes).toEqual(['GJZ-WJ-0001', 'GJZ-WJ-0002', 'GJZ-GA-0003', 'GJZ-YB-0001', 'GJZ-RS-0004']);
    expect(idCard.sources).toHaveLength(5);
    expect(idCard.required).toBe(true);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    expect(rows.length).toBeLessThan(totalMaterials('YJS-XSECS'));
  });

  it('merges the birth certificate to the strongest form and keeps it required', () => {
    const cert = row(bundleMaterials(demo, 'YJS-XSECS'), 'birth-medical-certificate');
    // 预防接种证 wants a copy, 出生登记 the original, 医保 an optional copy.
    expect(cert).toMatchObject({ form: 'original', required: true, deferrable: false });
    expect(cert.matterCodes).toEqual(['GJZ-WJ-0002', 'GJZ-GA-0003', 'GJZ-YB-0001']);
  });

  it('makes a material required when any matter of 企业开办一件事 requires it', () => {
    const rows = bundleMaterials(demo, 'YJS-QYKB');
    const agent = row(rows, 'agent-id-card');
    // Optional for 设立登记 and 公积金, required for 发票领用.
    expect(agent.required).toBe(true);
    expect(agent.matterCodes).toEqual(['GJZ-SCJG-0001', 'GJZ-SW-0002', 'DL-GJJ-0002']);
    const licence = row(rows, 'business-licence');
    expect(licence).toMatchObject({ copies: 2, deferrable: true, form: 'copy' });
    const legalRep = row(rows, 'legal-rep-id-card');
    expect(legalRep.matterCodes).toEqual(['GJZ-SCJG-0001', 'GJZ-SW-0001', 'GJZ-RS-0001', 'DL-GJJ-0002']);
    expect(legalRep.form).toBe('original');
    expect(rows.length).toBeLessThanOrEqual(totalMaterials('YJS-QYKB') - 8);
  });

  it('keeps materials without a shared key as one row per matter', () => {
    const rows = bundleMaterials(demo, 'YJS-TX');
    const perMatter = rows.filter((r) => r.matterCodes.length === 1 && r.key.includes('/'));
    expect(perMatter.map((r) => r.key)).toContain('GJZ-RS-0002/M01');
    expect(perMatter.map((r) => r.key)).toContain('DL-GJJ-0001/M01');
    expect(row(rows, 'retirement-approval')).toMatchObject({ deferrable: true, matterCodes: ['GJZ-YB-0004', 'DL-GJJ-0001'] });
  });

  it('refuses an unknown bundle with NOT_FOUND', () => {
    expect(() => bundleMaterials(demo, 'YJS-NOSUCH')).toThrowError(AppError);
    try {
      bundleMaterials(demo, 'YJS-NOSUCH');
    } catch (error) {
      expect((error as AppError).code).toBe('NOT_FOUND');
      expect((error as AppError).message).toContain('YJS-NOSUCH');
    }
  });
});

describe('bundleMaterials merge rules', () => {
  type MaterialInput = CatalogueInput['matters'][number]['materials'][number];
  function synthetic(passport: [MaterialInput, MaterialInput, MaterialInput]): ReturnType<typeof parseCatalogue> {
    const matter = (code: string, shared: MaterialInput): CatalogueInput['matters'][number] => ({
      code,
      name: `事项${code}`,
      departmentCode: 'D1',
      regionCode: '210211',
      kind: 'immediate',
      statutoryLimit: { value: 0, unit: 'working' },
      promisedLimit: { value: 0, unit: 'working' },
      feeYuan: 0,
      crossRegion: false,
      reviewSteps: 1,
      version: 1,
      materials: [{ code: 'F1', name: `${code}申请表`, required: true, form: 'original', copies: 1, deferrable: false }, shared],
    });
    return parseCatalogue({
      version: 'test',
      departments: [{ code: 'D1', name: '测试局' }],
      matters: [matter('A', passport[0]), matter('B', passport[1]), matter('C', passport[2])],
      bundles: [{ code: 'B1', name: '测试一件事', matterCodes: ['A', 'B', 'C'], description: '测试' }],
    });
  }
  const shared = (over: Partial<MaterialInput>): MaterialInput => ({
    code: 'P',
    name: '护照',
    required: true,
    form: 'copy',
    copies: 1,
    deferrable: true,
    sharedKey: 'passport',
    ...over,
  });

  it('required if any requires; copies = max; strongest form; hints kept once each', () => {
    const catalogue = synthetic([
      shared({ required: false, deferrable: false, form: 'electronic', copies: 1, hint: '核验' }),
      shared({ copies: 3, hint: '核验' }),
      shared({ form: 'original', copies: 2, hint: '留存首页' }),
    ]);
    const rows = bundleMaterials(catalogue, 'B1');
    expect(rows.map((r) => r.key)).toEqual(['A/F1', 'passport', 'B/F1', 'C/F1']);
    expect(row(rows, 'passport')).toEqual({
      key: 'passport',
      name: '护照',
      required: true,
      form: 'original',
      copies: 3,
      // A lists it as optional and not deferrable; that must not block 容缺 for B and C.
      deferrable: true,
      hint: '核验；留存首页',
      matterCodes: ['A', 'B', 'C'],
      sources: [
        { matterCode: 'A', materialCode: 'P' },
        { matterCode: 'B', materialCode: 'P' },
        { matterCode: 'C', materialCode: 'P' },
      ],
    });
  });

  it('deferrable only if every matter requiring it allows 容缺', () => {
    const catalogue = synthetic([shared({}), shared({ deferrable: false }), shared({})]);
    expect(row(bundleMaterials(catalogue, 'B1'), 'passport').deferrable).toBe(false);
  });

  it('an optional-everywhere material is optional and deferrable only if all allow it', () => {
    const optional = (deferrable: boolean) => shared({ required: false, deferrable });
    const allAllow = synthetic([optional(true), optional(true), optional(true)]);
    expect(row(bundleMaterials(allAllow, 'B1'), 'passport')).toMatchObject({ required: false, deferrable: true });
    const oneRefuses = synthetic([optional(true), optional(false), optional(true)]);
    expect(row(bundleMaterials(oneRefuses, 'B1'), 'passport')).toMatchObject({ required: false, deferrable: false });
  });
});

describe('materialsForMatter', () => {
  it('returns one row per material in the same shape as a bundle row', () => {
    const matter = demo.matters.find((m) => m.code === 'GJZ-GA-0002')!;
    const rows = materialsForMatter(matter);
    expect(rows).toHaveLength(matter.materials.length);
    expect(rows[0]).toEqual({
      key: 'applicant-id-card',
      name: '原居民身份证',
      required: true,
      form: 'original',
      copies: 1,
      deferrable: false,
      hint: '有效期满换领的须交回原证',
      matterCodes: ['GJZ-GA-0002'],
      sources: [{ matterCode: 'GJZ-GA-0002', materialCode: 'M01' }],
    });
    expect(rows[1]!.key).toBe('household-register');
    const withoutKey = demo.matters.find((m) => m.code === 'GJZ-MZ-0001')!;
    expect(materialsForMatter(withoutKey).map((r) => r.key)).toEqual([
      'GJZ-MZ-0001/M01',
      'GJZ-MZ-0001/M02',
      'GJZ-MZ-0001/M03',
      'GJZ-MZ-0001/M04',
    ]);
  });
});
