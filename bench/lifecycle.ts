/**
 * review.fold_200_events_ms: derive a case's state from a log of 200 events (the pure fold the
 * API does on every action), the shape a long case really has: review steps, many 补正 rounds,
 * a 特别程序, notes and reprints, hand-over and closing.
 */
import { performance } from 'node:perf_hooks';
import type { CaseEvent } from '../src-main/domain/lifecycle/events.ts';
import { foldCase } from '../src-main/domain/lifecycle/machine.ts';
import { median, percentile, report } from './report.ts';

function longLog(): CaseEvent[] {
  let minute = 0;
  const at = () => new Date(Date.UTC(2026, 2, 9, 2, minute++)).toISOString();
  const clerk = { actorId: 'c1', actorRole: 'clerk' as const };
  const reviewer = { actorId: 'r1', actorRole: 'reviewer' as const };
  const log: CaseEvent[] = [
    { type: 'intake.accepted', at: at(), ...clerk, payload: { caseNumber: 'N1', dueDate: '2026-04-20', limit: { value: 20, unit: 'working' }, matterKind: 'promised', reviewSteps: 3 } },
    { type: 'case.transferred', at: at(), ...clerk, payload: {} },
    { type: 'review.claimed', at: at(), ...reviewer, payload: { assigneeId: 'r1' } },
    { type: 'review.stepCompleted', at: at(), ...reviewer, payload: { step: 1, opinion: '拟同意' } },
  ];
  while (log.length < 190) {
    log.push({ type: 'review.supplementRequested', at: at(), ...reviewer, payload: { items: [{ name: '补充材料' }] } });
    log.push({ type: 'note', at: at(), ...clerk, payload: { text: '已电话通知申请人' } });
    log.push({ type: 'intake.supplementProvided', at: at(), ...clerk, payload: { items: [{ name: '补充材料' }] } });
    log.push({ type: 'document.printed', at: at(), ...clerk, payload: { document: 'handover', copyNumber: log.length } });
  }
  log.push({ type: 'review.specialStarted', at: at(), ...reviewer, payload: { kind: 'inspection', reason: '现场核查' } });
  log.push({ type: 'review.specialEnded', at: at(), ...reviewer, payload: { result: '通过' } });
  log.push({ type: 'review.stepCompleted', at: at(), ...reviewer, payload: { step: 2, opinion: '同意' } });
  log.push({ type: 'review.stepCompleted', at: at(), ...reviewer, payload: { step: 3, opinion: '准予' } });
  log.push({ type: 'review.decided', at: at(), ...reviewer, payload: { outcome: 'granted' } });
  log.push({ type: 'handover.delivered', at: at(), ...clerk, payload: { method: 'electronic' } });
  log.push({ type: 'case.closed', at: at(), ...clerk, payload: {} });
  while (log.length < 200) log.push({ type: 'note', at: at(), ...clerk, payload: { text: '归档' } });
  return log;
}

export function benchLifecycleFold(samples = 2000): void {
  const log = longLog();
  for (let i = 0; i < 200; i++) foldCase(log); // warm-up: let the JIT settle
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    const state = foldCase(log);
    times.push(performance.now() - t);
    if (state.status !== 'closed') throw new Error('the benchmark log must end closed');
  }
  report('review.fold_200_events_ms', percentile(times, 99), 'ms', {
    includes: 'foldCase over an in-memory log of 200 events (the pure fold), after 200 warm-up folds; no store',
    target: '<= 1',
    statistic: 'p99',
    events: log.length,
    median_ms: Number(median(times).toFixed(4)),
    samples,
  });
}
