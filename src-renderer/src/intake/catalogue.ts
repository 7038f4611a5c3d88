import type { BundleSummaryView, CatalogueView, MatterSummaryView, TimeLimitView } from '@domain/api/views.ts';
import { LIMIT_UNIT_LABELS, MATTER_KIND_LABELS } from '@domain/catalogue/schema.ts';
import type { IntakeTarget } from '@domain/intake/form.ts';

/**
 * What the 事项 picker offers: single matters and 一件事 bundles, one list, each searchable by
 * name, code and department. Pure, so the matching is tested without a screen.
 */
export interface TargetOption {
  /** The select's value: `matter:<code>` or `bundle:<code>` (codes are opaque and may contain anything but the prefix). */
  value: string;
  kind: 'matter' | 'bundle';
  code: string;
  name: string;
  /** One department for a matter; every department of a bundle's matters. */
  departments: string[];
  matter: MatterSummaryView | null;
  bundle: BundleSummaryView | null;
  /** A bundle's matters, in the bundle's order (a matter: itself). */
  matters: MatterSummaryView[];
  /** Lower-cased text the filter looks in. */
  haystack: string;
}

export function targetValue(target: IntakeTarget): string {
  return target.kind === 'matter' ? `matter:${target.matterCode}` : `bundle:${target.bundleCode}`;
}

export function parseTargetValue(value: string): IntakeTarget | null {
  if (value.startsWith('matter:') && value.length > 7) return { kind: 'matter', matterCode: value.slice(7) };
  if (value.startsWith('bundle:') && value.length > 7) return { kind: 'bundle', bundleCode: value.slice(7) };
  return null;
}

export function buildTargetOptions(catalogue: CatalogueView): TargetOption[] {
  const byCode = new Map(catalogue.matters.map((m) => [m.code, m] as const));
  const bundles = catalogue.bundles.map((bundle): TargetOption => {
    const matters = bundle.matterCodes.map((code) => byCode.get(code)).filter((m): m is MatterSummaryView => m !== undefined);
    const departments = [...new Set(matters.map((m) => m.departmentName))];
    return {
      value: `bundle:${bundle.code}`,
      kind: 'bundle',
      code: bundle.code,
      name: bundle.name,
      departments,
      matter: null,
      bundle,
      matters,
      haystack: [bundle.name, bundle.code, ...departments, ...matters.flatMap((m) => [m.name, m.code])].join('\n').toLowerCase(),
    };
  });
  const matters = catalogue.matters.map(
    (matter): TargetOption => ({
      value: `matter:${matter.code}`,
      kind: 'matter',
      code: matter.code,
      name: matter.name,
      departments: [matter.departmentName],
      matter,
      bundle: null,
      matters: [matter],
      haystack: [matter.name, matter.code, matter.departmentName, matter.departmentCode].join('\n').toLowerCase(),
    }),
  );
  return [...bundles, ...matters];
}

/**
 * How well an option answers the query, lower is better: its exact name or code, then a name
 * that starts with it, then a name that contains it, then its own code or department; a bundle
 * found only through one of its matters comes last. So 社会保障卡 picks the matter of that name,
 * not the first bundle that happens to contain it.
 */
export function matchRank(option: TargetOption, query: string): number {
  const q = query.trim().toLowerCase();
  const name = option.name.toLowerCase();
  const code = option.code.toLowerCase();
  if (name === q || code === q) return 0;
  if (name.startsWith(q)) return 1;
  if (name.includes(q)) return 2;
  const own = [name, code, ...option.departments.map((d) => d.toLowerCase())].join('\n');
  const terms = q.split(/\s+/).filter(Boolean);
  if (terms.every((term) => own.includes(term))) return 3;
  return 4;
}

/**
 * Every space-separated term must occur (name, code or department); an empty query keeps all.
 * The best matches come first (matchRank), ties keep the catalogue's order.
 */
export function filterTargets(options: readonly TargetOption[], query: string): TargetOption[] {
  const terms = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [...options];
  const found = options.filter((option) => terms.every((term) => option.haystack.includes(term)));
  const ranks = new Map(found.map((option) => [option, matchRank(option, query)] as const));
  return found.sort((a, b) => (ranks.get(a) ?? 4) - (ranks.get(b) ?? 4));
}

/** '5 个工作日'; a limit of 0 is decided on the spot. */
export function limitLabel(limit: TimeLimitView): string {
  if (limit.value === 0) return '当场办结';
  return `${limit.value} 个${LIMIT_UNIT_LABELS[limit.unit]}`;
}

export function feeLabel(feeYuan: number): string {
  if (!(feeYuan > 0)) return '不收费';
  return `${Number.isInteger(feeYuan) ? feeYuan : feeYuan.toFixed(2)} 元`;
}

export function kindLabel(kind: MatterSummaryView['kind']): string {
  return MATTER_KIND_LABELS[kind];
}
