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

/** Every space-separated term must occur (name, code or department); an empty query keeps all. */
export function filterTargets(options: readonly TargetOption[], query: string): TargetOption[] {
  const terms = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [...options];
  return options.filter((option) => terms.every((term) => option.haystack.includes(term)));
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
