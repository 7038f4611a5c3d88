/** Payload checks that TypeScript cannot make (blank text, cross-field rules, stale views). */
import { REVIEW_STEP_LABELS } from '../../catalogue/schema.ts';
import { AppError } from '../../errors.ts';
import { isIsoDate } from '../../time/iso-date.ts';
import { decisionProblem, deliveryProblem, type AcceptancePayload, type CaseEvent, type PayloadProblem, type SupplementItem } from '../events.ts';
import { type CaseState } from '../state.ts';

function invalid(problem: PayloadProblem): AppError {
  return new AppError('VALIDATION', problem.message, { field: `payload.${problem.field}` });
}

function requireText(value: string, field: string, what: string): void {
  if (value.trim() === '') throw invalid({ field, message: `请填写${what}` });
}

function requireItems(items: readonly SupplementItem[], what: string): void {
  if (items.length === 0) throw invalid({ field: 'items', message: `${what}至少列出一项材料` });
  items.forEach((item, i) => requireText(item.name, `items[${i}].name`, '材料名称'));
}

function checkAcceptance(p: AcceptancePayload): void {
  requireText(p.caseNumber, 'caseNumber', '办件编号');
  if (!isIsoDate(p.dueDate)) throw invalid({ field: 'dueDate', message: `办结期限“${p.dueDate}”不是有效日期` });
  if (!Number.isInteger(p.limit.value) || p.limit.value < 0) throw invalid({ field: 'limit.value', message: '时限应为不小于0的整数' });
  if (!Number.isInteger(p.reviewSteps) || p.reviewSteps < 1 || p.reviewSteps > REVIEW_STEP_LABELS.length) {
    throw invalid({ field: 'reviewSteps', message: `审查环节数应为 1–${REVIEW_STEP_LABELS.length}` });
  }
}

export function checkPayload(s: CaseState, e: CaseEvent): void {
  switch (e.type) {
    case 'intake.accepted':
      return checkAcceptance(e.payload);
    case 'notice.completed':
      checkAcceptance(e.payload);
      if (e.payload.caseNumber !== s.caseNumber) {
        throw new AppError('CONFLICT', `补齐后受理的办件编号（${e.payload.caseNumber}）与一次性告知时的编号（${s.caseNumber ?? '无'}）不一致`, {
          field: 'payload.caseNumber',
        });
      }
      return;
    case 'intake.notice':
      requireText(e.payload.caseNumber, 'caseNumber', '办件编号');
      if (e.payload.missing.length === 0) throw invalid({ field: 'missing', message: '一次性告知须列出至少一项缺失材料' });
      return;
    case 'intake.refused':
      requireText(e.payload.caseNumber, 'caseNumber', '办件编号');
      return requireText(e.payload.reason, 'reason', '不予受理理由');
    case 'review.claimed':
      if (e.payload.assigneeId !== e.actorId) {
        throw invalid({ field: 'assigneeId', message: '认领只能由本人认领给自己；指派给他人请由窗口负责人改派' });
      }
      return;
    case 'review.reassigned':
      if (e.payload.fromId !== s.assigneeId) {
        const now = s.assigneeId === null ? '无人认领' : `由 ${s.assigneeId} 认领`;
        throw new AppError('CONFLICT', `本件现在${now}，与改派时看到的情况不一致，请刷新后重试。`, {
          field: 'payload.fromId',
          details: { assigneeId: s.assigneeId },
        });
      }
      requireText(e.payload.toId, 'toId', '新承办人');
      if (e.payload.toId === s.assigneeId) throw invalid({ field: 'toId', message: '新承办人与现承办人相同，无需改派' });
      return;
    case 'review.stepCompleted':
      return requireText(e.payload.opinion, 'opinion', '审查意见');
    case 'review.supplementRequested':
      return requireItems(e.payload.items, '退回补正');
    case 'intake.supplementProvided':
      return requireItems(e.payload.items, '补正收件');
    case 'review.specialStarted':
      return requireText(e.payload.reason, 'reason', '特别程序事由');
    case 'review.specialEnded':
      return requireText(e.payload.result, 'result', '特别程序结果');
    case 'review.decided':
    case 'immediate.decided': {
      const problem = decisionProblem(e.payload);
      if (problem) throw invalid(problem);
      return;
    }
    case 'handover.delivered': {
      const problem = deliveryProblem(e.payload);
      if (problem) throw invalid(problem);
      return;
    }
    case 'rating.given': {
      const { level, indicators } = e.payload;
      const levels = indicators ? [level, indicators.efficiency, indicators.competence, indicators.attitude] : [level];
      if (levels.some((l) => !Number.isInteger(l) || l < 1 || l > 5)) throw invalid({ field: 'level', message: '评价等级应为 1–5' });
      return;
    }
    case 'case.withdrawn':
      return requireText(e.payload.reason, 'reason', '撤件理由');
    case 'case.voided':
      return requireText(e.payload.reason, 'reason', '作废理由');
    case 'supervision.flagged':
      return requireText(e.payload.note, 'note', '督办意见');
    case 'note':
      return requireText(e.payload.text, 'text', '备注');
    case 'document.printed':
      requireText(e.payload.document, 'document', '文书种类');
      if (!Number.isInteger(e.payload.copyNumber) || e.payload.copyNumber < 1) throw invalid({ field: 'copyNumber', message: '份次从 1 开始' });
      return;
    case 'case.transferred':
    case 'review.released':
    case 'case.closed':
    case 'supervision.unflagged':
      return;
  }
}
