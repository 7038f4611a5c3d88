import type { ChecklistView } from '@domain/api/views.ts';
import type { MaterialStatus } from '@domain/intake/form.ts';
import type { TargetOption } from './catalogue.ts';

/** What a decision will do, said before it is done: a title, a lead sentence and the items. */
export interface DecisionPreview {
  title: string;
  lead: string;
  items: string[];
  confirmText: string;
}

/**
 * 受理 of a 一件事 creates a parent case and one case per matter, each sent to its department:
 * the clerk sees that list before anything is created. A single matter needs no preview.
 */
export function bundleAcceptPreview(selected: TargetOption | null): DecisionPreview | null {
  if (!selected || selected.kind !== 'bundle') return null;
  const count = selected.matters.length;
  return {
    title: `受理「${selected.name}」`,
    lead: `将生成 1 个一件事总件和 ${count} 个事项办件，分别送各部门办理：`,
    items: selected.matters.map((m) => `${m.name}（${m.departmentName}）`),
    confirmText: `确认受理（${count + 1} 个办件）`,
  };
}

/** 一次性告知: the notice lists every material marked missing; the clerk confirms before it is issued. */
export function noticePreview(checklist: ChecklistView | null, materials: Record<string, MaterialStatus | null>): DecisionPreview {
  const missing = (checklist?.materials ?? []).filter((row) => materials[row.key] === 'missing').map((row) => row.name);
  return {
    title: '出具一次性告知书',
    lead:
      missing.length > 0
        ? `将生成办件编号并出具一次性告知书，告知申请人补齐以下 ${missing.length} 项材料：`
        : '将生成办件编号并出具一次性告知书（没有标为“缺”的材料）：',
    items: missing,
    confirmText: '确认出具',
  };
}
