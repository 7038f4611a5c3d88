/** The reviewer workbench's queues, read off a case's state. */
import { type CaseState } from '../state.ts';

export const reviewQueues = ['待审', '审查中', '补正中', '特别程序', '已决定'] as const;
export type ReviewQueue = (typeof reviewQueues)[number];

/**
 * The back office's view: 待审 (transferred, nobody holds it), 审查中, 补正中, 特别程序, and
 * 已决定 for cases the back office decided (until they end). Cases that never reached the back
 * office (即办, notices, refusals) and cases withdrawn or voided are in no queue.
 */
export function queueOf(state: CaseState): ReviewQueue | null {
  switch (state.status) {
    case 'in_review':
      return state.assigneeId === null ? '待审' : '审查中';
    case 'supplement':
      return '补正中';
    case 'special':
      return '特别程序';
    case 'decided':
    case 'delivered':
    case 'closed':
      return state.decision?.by === 'review' ? '已决定' : null;
    default:
      return null;
  }
}
