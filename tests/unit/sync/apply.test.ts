/**
 * The app side of sync on real SQLite files: a window PC's outbox read as push items, a back
 * office PC applying the gateway's pages (page and cursor in one transaction), push answers
 * acknowledging and rejecting, and the rebase when two reviewers claimed the same case.
 * The gateway's part is played by hand here (the integration test runs the real one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetailView, CaseRowView, IntakeResultView, Page } from '../../../src-main/domain/api/views.ts';
import type { CentralEvent } from '../../../src-main/domain/sync/events.ts';
import type { PulledCase } from '../../../src-main/domain/sync/pull.ts';
import type { CaseEventItem } from '../../../src-main/domain/sync/push.ts';
import type { Services } from '../../../src-main/host/boot.ts';
import { applyPulledPage } from '../../../src-main/services/sync/apply.ts';
import { applyPushResults } from '../../../src-main/services/sync/push-answers.ts';
import { sentEvents, type SentEvent } from '../../helpers/sync-items.ts';
import { nextBatch, nextBatches } from '../../../src-main/services/sync/outbox.ts';
import { pushLimits } from '../../../src-main/domain/sync/push.ts';
import { checklistFor, individualForm } from '../../helpers/intake.ts';
import { bootDemo, loginAs, registerWithoutGateway } from '../../helpers/services.ts';

let windowPc: Services;
let backOffice: Services;
const tokens = { clerk: '', reviewer: '' };
const system = (s: Services) => ({ actor: { userId: null, role: null }, deviceId: s.env.deviceId });

async function call<T>(s: Services, token: string, name: string, input: unknown): Promise<T> {
  const result = await s.dispatcher.call(name, input, token);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** What the gateway does with pushed items: numbers them per case, in the order received. */
function numbered(items: readonly CaseEventItem[], startSeq: number, deviceCode: string): CentralEvent[] {
  return items.map((item, i) => ({
    id: item.id, caseId: item.caseId, seq: startSeq + i, type: item.type, at: item.at, actorId: item.actorId, actorRole: item.actorRole,
    actorName: item.actorName, note: item.note, payload: item.payload, recordedAt: item.at, deviceCode, centreCode: '210211',
  }));
}

function pendingOutbox(s: Services): number {
  return s.env.store.read((tx) => tx.get<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'pending'")?.n ?? -1);
}

let accepted: IntakeResultView;
let items: SentEvent[];

beforeAll(async () => {
  windowPc = bootDemo();
  backOffice = bootDemo();
  registerWithoutGateway(windowPc, 'A01');
  registerWithoutGateway(backOffice, 'B01');
  // The seeded history is demo data and never leaves a PC; only what is done from here on is pushed.
  for (const s of [windowPc, backOffice]) s.env.store.write(system(s), (tx) => tx.run('DELETE FROM outbox'));
  tokens.clerk = await loginAs(windowPc, 'clerk');
  tokens.reviewer = await loginAs(backOffice, 'reviewer');
  const checklist = await checklistFor(windowPc, tokens.clerk, { kind: 'matter', matterCode: 'GJZ-SCJG-0004' });
  accepted = await call<IntakeResultView>(windowPc, tokens.clerk, 'intake/accept', individualForm(checklist, {
    applicant: { type: 'individual', name: '同步测试', idType: 'resident_id', idNumber: '11010519491231002X', phone: '13904111234' },
  }));
  await call(windowPc, tokens.clerk, 'cases/act', { caseId: accepted.caseId, act: { action: 'case.transferred' } });
  items = sentEvents(windowPc.env.store.read((tx) => nextBatch(tx)).items);
}, 300_000);

afterAll(() => {
  windowPc?.close();
  backOffice?.close();
});

describe('push items from the outbox', () => {
  it('are the case events oldest first, the opening one carrying the case header', () => {
    expect(items.map((i) => i.type)).toEqual(['intake.accepted', 'case.transferred']);
    expect(items[0]?.case?.caseNumber).toBe(accepted.caseNumber);
    expect(items[0]?.case?.personal.name).toBe('同步测试');
    expect(items[0]?.case?.matter.departmentCode).toBe('GJZ-SCJG');
    expect(items[1]?.case).toBeUndefined();
  });

  it('a batch stops at the byte limit and still takes at least one item', () => {
    const batch = windowPc.env.store.read((tx) => nextBatch(tx, { maxItems: 500, maxBytes: 10 }));
    expect(batch.items).toHaveLength(1);
  });

  it('a read beside batches on the wire leaves out the events of their cases, until those are answered', () => {
    const caseEvents = (onTheWire: Set<string>) =>
      windowPc.env.store
        .read((tx) => nextBatches(tx, pushLimits, 1, new Date(), new Set(), onTheWire))
        .flatMap((b) => b.items)
        .filter((i) => i.kind === 'case.event').length;
    expect(caseEvents(new Set([accepted.caseId]))).toBe(0);
    expect(caseEvents(new Set())).toBe(2);
  });
});

describe('a pulled page and its cursor', () => {
  it('creates the case at the back office, in its 待审 queue, with the cursor saved in the same transaction', async () => {
    const header = items[0]?.case;
    if (!header) throw new Error('no header');
    const cases: PulledCase[] = [{ header, standing: { caseId: accepted.caseId, caseNumber: accepted.caseNumber, homeRegion: '210211', competentRegion: '210211', seq: 2, status: 'in_review', statusLabel: '审查中', assigneeId: null, assigneeName: null, updatedAt: items[1]?.at ?? '' } }];
    const calendar = backOffice.env.store.read((tx) => backOffice.env.calendar.get(tx));
    backOffice.env.store.write(system(backOffice), (tx) => applyPulledPage(tx, calendar, { events: numbered(items, 1, 'A01'), cases, users: [], cursor: 'page-1' }));

    const queue = await call<Page<CaseRowView>>(backOffice, tokens.reviewer, 'review/queue', { queue: '待审' });
    const row = queue.rows.find((r) => r.id === accepted.caseId);
    expect(row?.caseNumber).toBe(accepted.caseNumber);
    expect(backOffice.env.store.read((tx) => tx.get<{ cursor: string }>('SELECT cursor FROM sync_link')?.cursor)).toBe('page-1');
    // Events that arrived from the gateway are not sent back to it.
    expect(pendingOutbox(backOffice)).toBe(0);
  });

  it('a page that cannot be applied leaves neither its events nor its cursor (one transaction)', () => {
    const calendar = backOffice.env.store.read((tx) => backOffice.env.calendar.get(tx));
    const before = backOffice.env.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM case_event WHERE case_id = ?', accepted.caseId)?.n);
    const note: CentralEvent = { ...numbered(items, 3, 'A01')[1]!, id: '0192f3c4-5d6e-7f80-9a1b-000000000003', type: 'note', payload: { text: '备注' }, seq: 3 };
    // A decision on a case nobody claimed: the state machine refuses it, so the page as a whole fails.
    const decided: CentralEvent = { ...note, id: '0192f3c4-5d6e-7f80-9a1b-000000000004', seq: 4, type: 'review.decided', actorRole: 'reviewer', payload: { outcome: 'granted' } };
    expect(() => backOffice.env.store.write(system(backOffice), (tx) => applyPulledPage(tx, calendar, { events: [note, decided], cases: [], users: [], cursor: 'page-2' }))).toThrow();
    expect(backOffice.env.store.read((tx) => tx.get<{ cursor: string }>('SELECT cursor FROM sync_link')?.cursor)).toBe('page-1');
    expect(backOffice.env.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM case_event WHERE case_id = ?', accepted.caseId)?.n)).toBe(before);
  });
});

describe('push answers', () => {
  it('applied items leave the outbox with the gateway number', () => {
    const calendar = windowPc.env.store.read((tx) => windowPc.env.calendar.get(tx));
    const answer = windowPc.env.store.write(system(windowPc), (tx) =>
      applyPushResults(tx, calendar, items, items.map((item, i) => ({ id: item.id, outcome: i === 0 ? 'applied' : 'duplicate', seq: i + 1, reason: null, case: null }))),
    );
    expect(answer).toEqual({ sent: 2, rejected: 0 });
    expect(pendingOutbox(windowPc)).toBe(0);
    expect(windowPc.env.store.read((tx) => tx.all<{ central_seq: number }>('SELECT central_seq FROM case_event_order WHERE case_id = ? ORDER BY central_seq', accepted.caseId)).map((r) => r.central_seq)).toEqual([1, 2]);
  });
});

describe('two reviewers claim the same case offline', () => {
  it('the later claim is rejected, kept with its reason, and the case shows the other reviewer', async () => {
    // 李强 claims at the back office while it is cut off; meanwhile 张三 claimed it on another PC first.
    await call(backOffice, tokens.reviewer, 'cases/act', { caseId: accepted.caseId, act: { action: 'review.claimed' } });
    let detail = await call<CaseDetailView>(backOffice, tokens.reviewer, 'cases/get', { id: accepted.caseId });
    expect(detail.lifecycle?.assigneeName).toBe('李强');
    const mine = backOffice.env.store.read((tx) => nextBatch(tx)).items;
    expect(mine.map((i) => (i.kind === 'case.event' ? i.type : i.kind))).toEqual(['review.claimed']);

    const calendar = backOffice.env.store.read((tx) => backOffice.env.calendar.get(tx));
    const theirs: CentralEvent = {
      id: '0192f3c4-5d6e-7f80-9a1b-00000000000a', caseId: accepted.caseId, seq: 3, type: 'review.claimed', at: '2026-11-02T02:02:00.000Z',
      actorId: 'u-zhang', actorRole: 'reviewer', actorName: '张三', note: null, payload: { assigneeId: 'u-zhang' },
      recordedAt: '2026-11-02T02:02:01.000Z', deviceCode: 'B02', centreCode: '210211',
    };
    backOffice.env.store.write(system(backOffice), (tx) => applyPulledPage(tx, calendar, { events: [theirs], cases: [], users: [], cursor: 'page-3' }));
    detail = await call<CaseDetailView>(backOffice, tokens.reviewer, 'cases/get', { id: accepted.caseId });
    expect(detail.lifecycle?.assigneeName).toBe('张三');

    const reason = '该件已由张三于10:02认领。办件当前为「审查中」，不能执行「认领」。';
    const answer = backOffice.env.store.write(system(backOffice), (tx) =>
      applyPushResults(tx, calendar, mine, [{ id: mine[0]!.id, outcome: 'rejected', seq: null, reason: { code: 'STATE_CONFLICT', message: reason }, case: null }]),
    );
    expect(answer).toEqual({ sent: 0, rejected: 1 });
    const kept = backOffice.env.store.read((tx) => tx.get<{ reason: string; actor_id: string }>('SELECT reason, actor_id FROM sync_rejection WHERE event_id = ?', mine[0]!.id));
    expect(kept).toEqual({ reason, actor_id: 'demo-user-reviewer' });
    // Nothing waits that could be sent, and nothing was dropped: the refused claim stays visible as failed.
    expect(pendingOutbox(backOffice)).toBe(0);
    expect(backOffice.env.store.read((tx) => tx.get<{ state: string }>('SELECT state FROM outbox WHERE message_id = ?', mine[0]!.id)?.state)).toBe('failed');
    detail = await call<CaseDetailView>(backOffice, tokens.reviewer, 'cases/get', { id: accepted.caseId });
    expect(detail.lifecycle?.assigneeName).toBe('张三');
  });
});

describe('a case whose whole history comes in one page (a first sync)', () => {
  const listed = 'status, assignee_id, review_queue, flagged, flag_note, decision_outcome, steps_done, rating_level, delivered_at, closed_at, due_date, accepted_at, accepted_date';
  const row = (s: Services, caseId: string) => s.env.store.read((tx) => tx.get(`SELECT ${listed} FROM case_record WHERE id = ?`, caseId));

  it('is listed as at the window that made it, and as when its history comes over two pages', async () => {
    const windowReviewer = await loginAs(windowPc, 'reviewer');
    const checklist = await checklistFor(windowPc, tokens.clerk, { kind: 'matter', matterCode: 'GJZ-SCJG-0004' });
    const made: IntakeResultView[] = [];
    for (const idNumber of ['110105194912310046', '110105194912310062']) {
      const one = await call<IntakeResultView>(windowPc, tokens.clerk, 'intake/accept', individualForm(checklist, {
        applicant: { type: 'individual', name: '首次同步', idType: 'resident_id', idNumber, phone: '13904111234' },
      }));
      const act = (token: string, a: Record<string, unknown>) => call(windowPc, token, 'cases/act', { caseId: one.caseId, act: a });
      await act(tokens.clerk, { action: 'case.transferred' });
      await act(windowReviewer, { action: 'review.claimed' });
      await act(windowReviewer, { action: 'review.undertake', opinion: '材料齐全' });
      await act(tokens.clerk, { action: 'note', text: '已电话告知' });
      made.push(one);
    }
    const [whole, split] = made as [IntakeResultView, IntakeResultView];
    const sent = sentEvents(windowPc.env.store.read((tx) => nextBatch(tx)).items);
    const pulled = (c: IntakeResultView) => {
      const its = sent.filter((i) => i.caseId === c.caseId);
      const header = its[0]?.case;
      if (!header) throw new Error('no header');
      const standing = { caseId: c.caseId, caseNumber: c.caseNumber, homeRegion: '210211', competentRegion: '210211', seq: its.length, status: 'in_review' as const, statusLabel: '审查中', assigneeId: null, assigneeName: null, updatedAt: its.at(-1)?.at ?? '' };
      return { events: numbered(its, 1, 'A01'), cases: [{ header, standing }] };
    };
    const calendar = backOffice.env.store.read((tx) => backOffice.env.calendar.get(tx));
    const apply = (page: { events: CentralEvent[]; cases: PulledCase[] }, cursor: string) =>
      backOffice.env.store.write(system(backOffice), (tx) => applyPulledPage(tx, calendar, { ...page, users: [], cursor }));
    apply(pulled(whole), 'page-4');
    const inTwo = pulled(split);
    apply({ events: inTwo.events.slice(0, 2), cases: inTwo.cases }, 'page-5');
    apply({ events: inTwo.events.slice(2), cases: [] }, 'page-6');

    expect(row(windowPc, whole.caseId)).toMatchObject({ status: 'in_review', steps_done: 1, assignee_id: 'demo-user-reviewer' });
    expect(row(backOffice, whole.caseId)).toEqual(row(windowPc, whole.caseId));
    expect(row(backOffice, split.caseId)).toEqual(row(windowPc, split.caseId));
    const detail = await call<CaseDetailView>(backOffice, tokens.reviewer, 'cases/get', { id: whole.caseId });
    expect(detail.events.map((e) => e.type)).toEqual(['intake.accepted', 'case.transferred', 'review.claimed', 'review.stepCompleted', 'note']);
    expect(detail.lifecycle?.assigneeName).toBe('李强');
    // Both are findable by the applicant's name (their name tokens made once for the page).
    const byName = await call<Page<CaseRowView>>(backOffice, tokens.reviewer, 'cases/list', { applicantName: '首次同步' });
    expect(byName.rows.map((r) => r.id).sort()).toEqual([whole.caseId, split.caseId].sort());
  });
});
