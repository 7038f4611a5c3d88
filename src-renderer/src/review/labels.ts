import type { CaseEventView, CaseRowView } from '@domain/api/views.ts';
import { REVIEW_STEP_LABELS } from '@domain/catalogue/schema.ts';
import {
  decisionOutcomeLabels,
  deliveryMethodLabels,
  ratingLevelLabels,
  specialKindLabels,
  type CaseEventType,
  type DecisionOutcome,
  type DeliveryMethod,
  type RatingLevel,
  type SpecialKind,
} from '@domain/lifecycle/events.ts';

/**
 * Readable Chinese names of the case log's event types (main's own keys). 承办/审核/批准 are one
 * event type ('review.stepCompleted') told apart by its step, see `lifecycleEventLabel`.
 */
export const lifecycleEventLabels: Record<CaseEventType, string> = {
  'intake.accepted': '受理',
  'intake.notice': '一次性告知',
  'intake.refused': '不予受理',
  'notice.completed': '补齐后受理',
  'case.transferred': '流转后台审查',
  'review.claimed': '认领',
  'review.reassigned': '改派',
  'review.released': '取消认领',
  'review.stepCompleted': '审查',
  'review.supplementRequested': '退回补正',
  'intake.supplementProvided': '补正收件',
  'review.specialStarted': '启动特别程序',
  'review.specialEnded': '结束特别程序',
  'review.decided': '作出决定',
  'immediate.decided': '即办决定',
  'handover.delivered': '出件',
  'case.closed': '办结',
  'rating.given': '好差评',
  'case.withdrawn': '撤件',
  'case.voided': '作废',
  'supervision.flagged': '督办',
  'supervision.unflagged': '取消督办',
  note: '备注',
  'document.printed': '打印文书',
};

function record(payload: unknown): Record<string, unknown> {
  return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

function has<K extends string>(labels: Record<K, string>, value: unknown): value is K {
  return typeof value === 'string' && Object.hasOwn(labels, value);
}

/** The label for one event of a case's timeline; unknown types are shown as they are. */
export function lifecycleEventLabel(event: Pick<CaseEventView, 'type' | 'payload'>): string {
  if (event.type === 'review.stepCompleted') {
    const step = record(event.payload).step;
    return typeof step === 'number' ? (REVIEW_STEP_LABELS[step - 1] ?? '审查') : '审查';
  }
  return has(lifecycleEventLabels, event.type) ? lifecycleEventLabels[event.type] : event.type;
}

function items(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value
    .map((item) => {
      const it = record(item);
      const note = text(it.note);
      return `${text(it.name) ?? ''}${note ? `（${note}）` : ''}`;
    })
    .join('、');
}

/** A one-line summary of what the event says (opinion, missing materials, decision …), or null. */
export function lifecycleEventDetail(event: Pick<CaseEventView, 'type' | 'payload'>): string | null {
  const p = record(event.payload);
  switch (event.type) {
    case 'review.stepCompleted':
      return text(p.opinion) ? `意见：${String(p.opinion)}` : null;
    case 'review.supplementRequested':
      return `需补正：${items(p.items)}`;
    case 'intake.supplementProvided':
      return `已收取：${items(p.items)}`;
    case 'review.specialStarted':
      return `${has(specialKindLabels, p.kind) ? specialKindLabels[p.kind] : '特别程序'}：${text(p.reason) ?? ''}`;
    case 'review.reassigned':
      return `改派给 ${text(p.toName) ?? '（未知人员）'}`;
    case 'review.specialEnded':
      return text(p.result) ? `结果：${String(p.result)}` : null;
    case 'review.decided':
    case 'immediate.decided': {
      const outcome = has(decisionOutcomeLabels, p.outcome) ? decisionOutcomeLabels[p.outcome] : '';
      return text(p.reason) ? `${outcome}，理由：${String(p.reason)}` : outcome;
    }
    case 'handover.delivered':
      return has(deliveryMethodLabels, p.method) ? deliveryMethodLabels[p.method] : null;
    case 'rating.given':
      return typeof p.level === 'number' ? ratingLabel(p.level) : null;
    case 'case.withdrawn':
    case 'case.voided':
      return text(p.reason);
    case 'supervision.flagged':
      return text(p.note);
    default:
      return null;
  }
}

export const outcomeLabel = (outcome: DecisionOutcome): string => decisionOutcomeLabels[outcome];
export const deliveryLabel = (method: DeliveryMethod): string => deliveryMethodLabels[method];
export const specialLabel = (kind: SpecialKind): string => specialKindLabels[kind];

export type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary';

export interface TimeTag {
  text: string;
  type: TagType;
  /** Overdue: shown bold and dark, the one thing a supervisor must not miss. */
  strong: boolean;
}

/** The 期限 tag of a queue row, by its time level. */
export function timeTag(row: Pick<CaseRowView, 'timeLevel' | 'daysLeft'>): TimeTag | null {
  const left = row.daysLeft ?? 0;
  const remaining = left === 0 ? '今日到期' : `剩余 ${left} 天`;
  switch (row.timeLevel) {
    case 'normal':
      return { text: remaining, type: 'success', strong: false };
    case 'yellow':
      return { text: `黄牌 ${remaining}`, type: 'warning', strong: false };
    case 'red':
      return { text: `红牌 ${remaining}`, type: 'danger', strong: false };
    case 'overdue':
      return { text: `超期 ${Math.abs(left)} 天`, type: 'danger', strong: true };
    case 'paused':
      return { text: '暂停计时', type: 'info', strong: false };
    case 'stopped':
      return { text: '已停止计时', type: 'info', strong: false };
    default:
      return null;
  }
}

export const ratingOptions = ([5, 4, 3, 2, 1] as const).map((level) => ({ level, label: ratingLevelLabels[level] }));

export function ratingLabel(level: number): string {
  return Number.isInteger(level) && level >= 1 && level <= 5 ? ratingLevelLabels[level as RatingLevel] : `${level} 级`;
}
