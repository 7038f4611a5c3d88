/**
 * A 一件事 pulled by a PC of the centre that took it: the children keep their link to the parent
 * whatever order the page lists their events in (the link is what the bundle's status and the
 * child's view of the parent's scans hang on). The gateway's part is played by hand, as in
 * apply.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntakeResultView } from '../../../src-main/domain/api/views.ts';
import type { CentralEvent } from '../../../src-main/domain/sync/events.ts';
import type { PulledCase } from '../../../src-main/domain/sync/pull.ts';
import type { CaseEventItem } from '../../../src-main/domain/sync/push.ts';
import type { Services } from '../../../src-main/host/boot.ts';
import { applyPulledPage } from '../../../src-main/services/sync/apply.ts';
import { sentEvents, type SentEvent } from '../../helpers/sync-items.ts';
import { nextBatch } from '../../../src-main/services/sync/outbox.ts';
import { checklistFor, individualForm } from '../../helpers/intake.ts';
import { bootDemo, loginAs } from '../../helpers/services.ts';

let windowPc: Services;
const system = (s: Services) => ({ actor: { userId: null, role: null }, deviceId: s.env.deviceId });
let accepted: IntakeResultView;
let items: SentEvent[];

beforeAll(async () => {
  windowPc = bootDemo();
  windowPc.env.store.write(system(windowPc), (tx) => tx.run('DELETE FROM outbox'));
  const clerk = await loginAs(windowPc, 'clerk');
  const checklist = await checklistFor(windowPc, clerk, { kind: 'bundle', bundleCode: 'YJS-TX' });
  const result = await windowPc.dispatcher.call('intake/accept', individualForm(checklist, {
    applicant: { type: 'individual', name: '顺序测试', idType: 'resident_id', idNumber: '11010519491231002X', phone: '13904111234' },
  }), clerk);
  if (!result.ok) throw new Error(result.error.message);
  accepted = result.value as IntakeResultView;
  items = sentEvents(windowPc.env.store.read((tx) => nextBatch(tx)).items);
}, 300_000);

afterAll(() => windowPc?.close());

/** The page the gateway would send for these items: each case's events numbered 1, 2 … and its header. */
function page(its: readonly CaseEventItem[]): { events: CentralEvent[]; cases: PulledCase[] } {
  const seqs = new Map<string, number>();
  const events = its.map((item) => {
    const seq = (seqs.get(item.caseId) ?? 0) + 1;
    seqs.set(item.caseId, seq);
    return { id: item.id, caseId: item.caseId, seq, type: item.type, at: item.at, actorId: item.actorId, actorRole: item.actorRole, actorName: item.actorName, note: item.note, payload: item.payload, recordedAt: item.at, deviceCode: 'A01', centreCode: '210211' };
  });
  const cases = its.flatMap((item) => (item.case ? [{
    header: item.case,
    standing: { caseId: item.caseId, caseNumber: item.case.caseNumber, homeRegion: '210211', competentRegion: '210211', seq: seqs.get(item.caseId) ?? 1, status: 'accepted' as const, statusLabel: '已受理', assigneeId: null, assigneeName: null, updatedAt: item.at },
  }] : []));
  return { events, cases };
}

function parentLinks(pages: ReadonlyArray<ReturnType<typeof page>>): Array<{ id: string; parent: string | null }> {
  const backOffice = bootDemo();
  try {
    const calendar = backOffice.env.store.read((tx) => backOffice.env.calendar.get(tx));
    pages.forEach((p, i) => backOffice.env.store.write(system(backOffice), (tx) => applyPulledPage(tx, calendar, { ...p, users: [], cursor: `page-${i}` })));
    return accepted.children.map((c) => ({ id: c.caseId, parent: backOffice.env.store.read((tx) => tx.get<{ p: string | null }>('SELECT parent_case_id AS p FROM case_record WHERE id = ?', c.caseId)?.p ?? null) }));
  } finally {
    backOffice.close();
  }
}

describe('a 一件事 pulled into another PC of its centre', () => {
  it('the accept made a parent and children, each with its header', () => {
    expect(accepted.children.length).toBeGreaterThan(1);
    expect(new Set(items.map((i) => i.caseId))).toEqual(new Set([accepted.caseId, ...accepted.children.map((c) => c.caseId)]));
  });

  const linked = () => accepted.children.map((c) => ({ id: c.caseId, parent: accepted.caseId }));

  it('children listed before their parent in one page keep the link', () => {
    const childrenFirst = [...items.filter((i) => i.caseId !== accepted.caseId), ...items.filter((i) => i.caseId === accepted.caseId)];
    expect(parentLinks([page(childrenFirst)])).toEqual(linked());
  });

  it('children listed after their parent keep it too', () => {
    const parentFirst = [...items.filter((i) => i.caseId === accepted.caseId), ...items.filter((i) => i.caseId !== accepted.caseId)];
    expect(parentLinks([page(parentFirst)])).toEqual(linked());
  });
});
