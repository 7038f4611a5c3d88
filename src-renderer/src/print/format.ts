import type { PrintDataView, PrintDocument, TimeLimitView } from '@domain/api/views.ts';
import { LIMIT_UNIT_LABELS, MATERIAL_FORM_LABELS, MATERIAL_FORMS, type MaterialForm } from '@domain/catalogue/schema.ts';
import { materialStatusLabels } from '@domain/intake/form.ts';

/** The documents a window prints, in the order the toolbar and tests name them. */
export const printDocuments: readonly PrintDocument[] = ['acceptance', 'notice', 'refusal', 'handover'];

/** Titles used when the data has not arrived yet (the data carries its own title). */
export const printDocumentTitles: Readonly<Record<PrintDocument, string>> = {
  acceptance: '受理通知书',
  notice: '一次性告知书',
  refusal: '不予受理通知书',
  handover: '综合窗口受理交接单',
};

export function isPrintDocument(value: unknown): value is PrintDocument {
  return typeof value === 'string' && (printDocuments as readonly string[]).includes(value);
}

export type PrintMaterial = PrintDataView['materials'][number];
export type PrintMatter = PrintDataView['matters'][number];

/** '2026-11-26' → '2026年11月26日'; anything else is shown as it is. */
export function chineseDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) return isoDate;
  return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`;
}

/** An instant as the centre's clock shows it (UTC+8, no daylight saving): '2026年11月26日 09:05'. */
export function chineseDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const d = new Date(time + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** '5个工作日' / '20个自然日'; 0 days is an on-the-spot matter. */
export function limitText(limit: TimeLimitView): string {
  if (limit.value === 0) return '即办';
  return `${limit.value}个${LIMIT_UNIT_LABELS[limit.unit] ?? limit.unit}`;
}

export function feeText(feeYuan: number): string {
  if (!(feeYuan > 0)) return '不收费';
  return `${Number.isInteger(feeYuan) ? feeYuan : feeYuan.toFixed(2)} 元`;
}

export function formLabel(form: string): string {
  return (MATERIAL_FORMS as readonly string[]).includes(form) ? MATERIAL_FORM_LABELS[form as MaterialForm] : form;
}

export function materialStatusLabel(status: PrintMaterial['status']): string {
  return materialStatusLabels[status] ?? status;
}

export function isOutstanding(material: PrintMaterial): boolean {
  return material.status === 'missing' || material.status === 'deferred';
}

/**
 * Every material still to come (missing or 容缺后补), each name once: a one-time notice must list
 * the whole of what is missing, and never the same thing twice. Rows with the same name (one
 * material asked for by two matters of a bundle) are merged: forms joined, the larger count kept.
 */
export function outstandingMaterials(materials: readonly PrintMaterial[]): PrintMaterial[] {
  const byName = new Map<string, PrintMaterial>();
  for (const material of materials) {
    if (!isOutstanding(material)) continue;
    const key = material.name.trim();
    const seen = byName.get(key);
    if (!seen) {
      byName.set(key, { ...material, name: key });
      continue;
    }
    const forms = new Set([...seen.form.split('、'), material.form]);
    byName.set(key, {
      ...seen,
      form: [...forms].join('、'),
      copies: Math.max(seen.copies, material.copies),
      // Missing outweighs deferred: the applicant must bring it before acceptance.
      status: seen.status === 'missing' || material.status === 'missing' ? 'missing' : 'deferred',
      required: seen.required || material.required,
    });
  }
  return [...byName.values()];
}

/** Forms of a merged row ('original、copy') as labels. */
export function formsLabel(form: string): string {
  return form
    .split('、')
    .map((f) => formLabel(f))
    .join('、');
}

/**
 * The body that reviews an administrative decision of this centre's level: the people's
 * government of the same district or city ('大连市甘井子区政务服务中心' → '大连市甘井子区人民政府').
 */
export function reviewAuthority(centreName: string): string {
  const match = /^(.*?[省市区县旗])(?:[^省市区县旗]*)政务服务(?:中心|大厅)$/.exec(centreName.trim());
  return match?.[1] ? `${match[1]}人民政府` : '本级人民政府';
}

/** Matter names joined for a sentence: '《A》《B》'. */
export function matterList(matters: readonly PrintMatter[]): string {
  return matters.map((m) => `“${m.name}”`).join('、');
}

/** A file name for a saved PDF: title and case number, nothing a file system would refuse. */
export function pdfFileName(data: Pick<PrintDataView, 'title' | 'caseNumber'>): string {
  return `${data.title}-${data.caseNumber}`.replace(/[\u0000-\u001f\\/:*?"<>|]+/g, '_').slice(0, 120);
}
