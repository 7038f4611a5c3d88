import type { BundleSummaryView, CatalogueView, ChecklistView, ImportSummaryView, MatterSummaryView } from '../../domain/api/views.ts';
import { materialRows, parseCatalogue, type MaterialRow } from '../../domain/catalogue/import.ts';
import type { Catalogue, Material, Matter } from '../../domain/catalogue/schema.ts';
import { AppError } from '../../domain/errors.ts';
import type { IntakeTarget } from '../../domain/intake/form.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';

interface MatterRow {
  code: string;
  version: number;
  name: string;
  department_code: string;
  department_name: string;
  region_code: string;
  kind: 'immediate' | 'promised';
  statutory_limit: number;
  statutory_unit: 'working' | 'calendar';
  promised_limit: number;
  promised_unit: 'working' | 'calendar';
  fee_yuan: number;
  cross_region: number;
  review_steps: number;
  materials: string;
  catalogue_version: string;
}

const matterSelect = `
  SELECT m.*, d.name AS department_name FROM matter_version m JOIN department d ON d.code = m.department_code`;

function toMatter(row: MatterRow): Matter {
  return {
    code: row.code,
    name: row.name,
    departmentCode: row.department_code,
    regionCode: row.region_code,
    kind: row.kind,
    statutoryLimit: { value: row.statutory_limit, unit: row.statutory_unit },
    promisedLimit: { value: row.promised_limit, unit: row.promised_unit },
    feeYuan: row.fee_yuan,
    crossRegion: row.cross_region === 1,
    reviewSteps: row.review_steps,
    version: row.version,
    materials: JSON.parse(row.materials) as Material[],
  };
}

function toSummary(row: MatterRow): MatterSummaryView {
  const { materials: _materials, ...matter } = toMatter(row);
  return { ...matter, departmentName: row.department_name };
}

/** A matter as a case needs it: the catalogue entry plus its department's name. */
export interface ResolvedMatter {
  matter: Matter;
  departmentName: string;
}

/** The current version of a matter, or a clear refusal naming the code. */
export function currentMatter(tx: ReadTx, code: string): ResolvedMatter {
  const row = tx.get<MatterRow>(`${matterSelect} WHERE m.code = ? AND m.is_current = 1`, code);
  if (!row) {
    throw new AppError('NOT_FOUND', `事项目录中没有编码为“${code}”的在办事项（可能已停办或目录未导入），请重新选择事项。`, {
      field: 'target',
    });
  }
  return { matter: toMatter(row), departmentName: row.department_name };
}

/** The exact version a case was accepted under. */
export function matterVersion(tx: ReadTx, code: string, version: number): ResolvedMatter | undefined {
  const row = tx.get<MatterRow>(`${matterSelect} WHERE m.code = ? AND m.version = ?`, code, version);
  return row ? { matter: toMatter(row), departmentName: row.department_name } : undefined;
}

interface BundleRow {
  code: string;
  name: string;
  description: string;
  matter_codes: string;
}

function toBundle(row: BundleRow): BundleSummaryView {
  return { code: row.code, name: row.name, description: row.description, matterCodes: JSON.parse(row.matter_codes) as string[] };
}

export interface ResolvedTarget {
  title: string;
  bundle: BundleSummaryView | null;
  matters: ResolvedMatter[];
  /** The checklist: a bundle's materials merged, each asked for once (`materialRows`). */
  materials: MaterialRow[];
}

/** Every accept and checklist resolves its target; the catalogue changes only on import (see `forgetCatalogue`). */
const resolvedTargetsKey = 'catalogue.resolvedTargets';

/**
 * What a target (one matter or a 一件事 bundle) expands to: its matters and its checklist. Kept in
 * memory per target (a bundle is six queries and five JSON parses), frozen because it is shared.
 */
export function resolveTarget(tx: ReadTx, target: IntakeTarget): ResolvedTarget {
  const kept = tx.remember(resolvedTargetsKey, () => new Map<string, ResolvedTarget>());
  const key = target.kind === 'matter' ? `matter:${target.matterCode}` : `bundle:${target.bundleCode}`;
  let resolved = kept.get(key);
  if (!resolved) {
    resolved = deepFreeze(readTarget(tx, target));
    kept.set(key, resolved);
  }
  return resolved;
}

/** Called by every write to the catalogue tables, so no accept resolves against the old entries. */
function forgetCatalogue(tx: WriteTx): void {
  tx.forget(resolvedTargetsKey);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function readTarget(tx: ReadTx, target: IntakeTarget): ResolvedTarget {
  const withChecklist = (title: string, bundle: BundleSummaryView | null, matters: ResolvedMatter[]): ResolvedTarget => ({
    title,
    bundle,
    matters,
    materials: materialRows(matters.map((m) => m.matter)),
  });
  if (target.kind === 'matter') {
    const resolved = currentMatter(tx, target.matterCode);
    return withChecklist(resolved.matter.name, null, [resolved]);
  }
  const row = tx.get<BundleRow>('SELECT * FROM bundle WHERE code = ? AND is_current = 1', target.bundleCode);
  if (!row) {
    throw new AppError('NOT_FOUND', `没有编码为“${target.bundleCode}”的“一件事”，请重新选择。`, { field: 'target' });
  }
  const bundle = toBundle(row);
  return withChecklist(bundle.name, bundle, bundle.matterCodes.map((code) => currentMatter(tx, code)));
}

export function checklist(tx: ReadTx, target: IntakeTarget): ChecklistView {
  const { title, matters, materials } = resolveTarget(tx, target);
  const rows = materials.map(({ sources: _sources, ...row }) => row);
  return {
    target,
    title,
    matters: matters.map(({ matter, departmentName }) => {
      const { materials: _materials, ...summary } = matter;
      return { ...summary, departmentName };
    }),
    materials: rows,
  };
}

export function catalogueView(tx: ReadTx): CatalogueView {
  const matters = tx.all<MatterRow>(`${matterSelect} WHERE m.is_current = 1 ORDER BY m.department_code, m.code`);
  return {
    version: matters[0]?.catalogue_version ?? '',
    departments: tx.all<{ code: string; name: string }>('SELECT code, name FROM department ORDER BY code'),
    matters: matters.map(toSummary),
    bundles: tx.all<BundleRow>('SELECT * FROM bundle WHERE is_current = 1 ORDER BY code').map(toBundle),
  };
}

/** The current catalogue in the import format, so IT can edit and re-import it. */
export function exportCatalogue(tx: ReadTx): Catalogue {
  const matters = tx.all<MatterRow>(`${matterSelect} WHERE m.is_current = 1 ORDER BY m.department_code, m.code`);
  return {
    version: matters[0]?.catalogue_version ?? '',
    departments: tx.all<{ code: string; name: string }>('SELECT code, name FROM department ORDER BY code'),
    matters: matters.map(toMatter),
    bundles: tx.all<BundleRow>('SELECT * FROM bundle WHERE is_current = 1 ORDER BY code').map((row) => {
      const { code, name, description, matterCodes } = toBundle(row);
      return { code, name, matterCodes, description };
    }),
  };
}

function sameMatter(a: Matter, b: Matter): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Loads a catalogue file: all of it or none of it (the caller's transaction). A changed matter
 * must carry a higher version number, so cases accepted under the old text keep pointing at it;
 * matters missing from the file are retired (no new cases) but their versions stay.
 */
export function importCatalogue(tx: WriteTx, json: unknown): ImportSummaryView {
  const catalogue = parseCatalogue(json);
  forgetCatalogue(tx);
  const summary: ImportSummaryView = { catalogueVersion: catalogue.version, added: [], newVersions: [], unchanged: 0, retired: [] };
  for (const department of catalogue.departments) {
    tx.run('INSERT INTO department (code, name) VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name', department.code, department.name);
  }
  const problems: Array<{ path: string; entry: string; field: string; message: string }> = [];
  catalogue.matters.forEach((matter, index) => {
    const existing = matterVersion(tx, matter.code, matter.version);
    const current = tx.get<{ version: number }>('SELECT version FROM matter_version WHERE code = ? AND is_current = 1', matter.code);
    if (existing) {
      if (!sameMatter(existing.matter, matter)) {
        problems.push({
          path: `matters[${index}].version`,
          entry: matter.code,
          field: 'version',
          message: `事项“${matter.name}”的内容已改变但版本号仍为 ${matter.version}，请提高版本号后再导入（已受理的办件须保留原版本）`,
        });
        return;
      }
      if (current?.version === matter.version) summary.unchanged += 1;
      else summary.newVersions.push(matter.code);
    } else {
      if (current && current.version > matter.version) {
        problems.push({
          path: `matters[${index}].version`,
          entry: matter.code,
          field: 'version',
          message: `事项“${matter.name}”的版本号 ${matter.version} 低于已导入的版本 ${current.version}，请使用更高的版本号`,
        });
        return;
      }
      if (current) summary.newVersions.push(matter.code);
      else summary.added.push(matter.code);
    }
    tx.run('UPDATE matter_version SET is_current = 0 WHERE code = ? AND is_current = 1', matter.code);
    if (existing) {
      tx.run('UPDATE matter_version SET is_current = 1, catalogue_version = ? WHERE code = ? AND version = ?', catalogue.version, matter.code, matter.version);
      return;
    }
    tx.run(
      `INSERT INTO matter_version (code, version, name, department_code, region_code, kind, statutory_limit, statutory_unit,
         promised_limit, promised_unit, fee_yuan, cross_region, review_steps, materials, catalogue_version, is_current, imported_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
      matter.code, matter.version, matter.name, matter.departmentCode, matter.regionCode, matter.kind,
      matter.statutoryLimit.value, matter.statutoryLimit.unit, matter.promisedLimit.value, matter.promisedLimit.unit,
      matter.feeYuan, matter.crossRegion ? 1 : 0, matter.reviewSteps, JSON.stringify(matter.materials), catalogue.version, tx.now,
    );
  });
  if (problems.length > 0) {
    throw new AppError('VALIDATION', `目录导入失败：共 ${problems.length} 处错误，未导入任何内容。第一处：${problems[0]?.message ?? ''}`, {
      field: problems[0]?.path,
      details: problems,
    });
  }
  const listed = new Set(catalogue.matters.map((m) => m.code));
  for (const { code } of tx.all<{ code: string }>('SELECT code FROM matter_version WHERE is_current = 1')) {
    if (listed.has(code)) continue;
    tx.run('UPDATE matter_version SET is_current = 0 WHERE code = ?', code);
    summary.retired.push(code);
  }
  tx.run('UPDATE bundle SET is_current = 0');
  for (const bundle of catalogue.bundles) {
    tx.run(
      `INSERT INTO bundle (code, name, description, matter_codes, is_current) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (code) DO UPDATE SET name = excluded.name, description = excluded.description,
         matter_codes = excluded.matter_codes, is_current = 1`,
      bundle.code, bundle.name, bundle.description, JSON.stringify(bundle.matterCodes),
    );
  }
  tx.audit({ action: 'catalogue.import', target: catalogue.version, detail: { ...summary } });
  return summary;
}

/** The catalogue handed out in its import format; each export is on record. */
export function exportCatalogueOnRecord(tx: WriteTx): Catalogue {
  tx.audit({ action: 'catalogue.export' });
  return exportCatalogue(tx);
}
