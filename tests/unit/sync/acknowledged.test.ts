/**
 * The echo of a push on a real SQLite file: a pulled page that names this PC's own events by id
 * and central number only (`acknowledged`). One page mixes events the push's answers already
 * numbered as the page says, events whose answer was lost (not numbered), and events a restored
 * gateway numbered otherwise: each ends numbered as the page says and out of the outbox, only the
 * cases whose numbers moved are refolded (`touched.acknowledged`), and what waited for a case of
 * the page goes with the next push. A page naming them as runs (case, first and last number)
 * touches only the outbox when every number is held, and is refused whole when one is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntakeResultView } from '../../../src-main/domain/api/views.ts';
import type { AcknowledgedEvent } from '../../../src-main/domain/sync/pull.ts';
import type { Services } from '../../../src-main/host/boot.ts';
import { applyPulledPage, ownRunsHeld, type Touched } from '../../../src-main/services/sync/apply.ts';
import { applyPushResults } from '../../../src-main/services/sync/push-answers.ts';
import { sentEvents } from '../../helpers/sync-items.ts';
import { nextBatch } from '../../../src-main/services/sync/outbox.ts';
import { checklistFor, individualForm } from '../../helpers/intake.ts';
import { bootDemo, loginAs, registerWithoutGateway } from '../../helpers/services.ts';

let pc: Services;
let clerk = '';
const system = { actor: { userId: null, role: null }, deviceId: '' };
const cases: Record<'answered' | 'lost' | 'renumbered' | 'elsewhere', IntakeResultView> = {} as never;

async function call<T>(token: string, name: string, input: unknown): Promise<T> {
  const result = await pc.dispatcher.call(name, input, token);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

const write = <T>(fn: Parameters<Services['env']['store']['write']>[1]) => pc.env.store.write({ ...system, deviceId: pc.env.deviceId }, fn) as T;
const numbers = (caseId: string) => pc.env.store.read((tx) => tx.all<{ event_id: string; central_seq: number }>('SELECT event_id, central_seq FROM case_event_order WHERE case_id = ? ORDER BY central_seq', caseId));
const outbox = (caseId: string) => pc.env.store.read((tx) => tx.all<{ message_id: string; state: string; next_attempt_at: string | null }>('SELECT message_id, state, next_attempt_at FROM outbox WHERE aggregate_id = ? ORDER BY message_id', caseId));

beforeAll(async () => {
  pc = bootDemo();
  registerWithoutGateway(pc);
  // The seeded history is demo data and never leaves the PC; only what is done from here on is pushed.
  write((tx) => tx.run('DELETE FROM outbox'));
  clerk = await loginAs(pc, 'clerk');
  const checklist = await checklistFor(pc, clerk, { kind: 'matter', matterCode: 'GJZ-SCJG-0004' });
  const ids = ['110105194912310046', '110105194912310062', '11010519491231002X', '110105194912310089'];
  for (const [i, name] of (['answered', 'lost', 'renumbered', 'elsewhere'] as const).entries()) {
    cases[name] = await call<IntakeResultView>(clerk, 'intake/accept', individualForm(checklist, {
      applicant: { type: 'individual', name: '回声测试', idType: 'resident_id', idNumber: ids[i], phone: '13904111234' },
    }));
    await call(clerk, 'cases/act', { caseId: cases[name].caseId, act: { action: 'case.transferred' } });
  }
}, 300_000);

afterAll(() => pc?.close());

describe('a page acknowledging this PC own events', () => {
  it('numbers each as the page says, empties the outbox of them, and refolds only the cases whose numbers moved', async () => {
    const items = sentEvents(pc.env.store.read((tx) => nextBatch(tx)).items);
    const of = (name: keyof typeof cases) => items.filter((i) => i.caseId === cases[name].caseId);
    expect(of('answered')).toHaveLength(2);
    const calendar = pc.env.store.read((tx) => pc.env.calendar.get(tx));
    // The push's answers reached this PC for two cases (numbered 1, 2); the answer for `lost` did not.
    const answered = [...of('answered'), ...of('renumbered')];
    write((tx) => applyPushResults(tx, calendar, answered, answered.map((item, i) => ({ id: item.id, outcome: 'applied', seq: (i % 2) + 1, reason: null, case: null }))));
    // A step taken after the push, waiting for its case's opening to be known centrally; and one of a case the page does not name.
    await call(clerk, 'cases/act', { caseId: cases.answered.caseId, act: { action: 'note', text: '已电话告知' } });
    write((tx) => tx.run("UPDATE outbox SET next_attempt_at = '2099-01-01T00:00:00.000Z' WHERE aggregate_id IN (?, ?) AND state = 'pending'", cases.answered.caseId, cases.elsewhere.caseId));

    // A restored gateway numbered `renumbered` after an event of another PC: 2 and 3, not 1 and 2.
    const page: AcknowledgedEvent[] = [0, 1].flatMap((n) => [
      { id: of('answered')[n]!.id, caseId: cases.answered.caseId, seq: n + 1 },
      { id: of('lost')[n]!.id, caseId: cases.lost.caseId, seq: n + 1 },
      { id: of('renumbered')[n]!.id, caseId: cases.renumbered.caseId, seq: n + 2 },
    ]);
    const touched: Touched = write((tx) => applyPulledPage(tx, calendar, { events: [], acknowledged: page, cases: [], users: [], cursor: 'echo-1' }));

    expect(touched.changed.size).toBe(0);
    expect([...touched.acknowledged].sort()).toEqual([cases.lost.caseId, cases.renumbered.caseId].sort());
    for (const name of ['answered', 'lost', 'renumbered'] as const) {
      const expected = page.filter((a) => a.caseId === cases[name].caseId).map((a) => ({ event_id: a.id, central_seq: a.seq }));
      expect(numbers(cases[name].caseId)).toEqual(expected);
      // Every event the page names has left the outbox.
      expect(outbox(cases[name].caseId).filter((o) => page.some((a) => a.id === o.message_id))).toEqual([]);
    }
    // The note of a case the page named goes with the next push; the other case's waiting event still waits.
    expect(outbox(cases.answered.caseId)).toEqual([expect.objectContaining({ state: 'pending', next_attempt_at: null })]);
    expect(outbox(cases.elsewhere.caseId).map((o) => o.next_attempt_at)).toEqual(['2099-01-01T00:00:00.000Z', '2099-01-01T00:00:00.000Z']);
    expect(pc.env.store.read((tx) => tx.get<{ cursor: string }>('SELECT cursor FROM sync_link')?.cursor)).toBe('echo-1');

    // The same echo again (a page pulled twice after a lost cursor) changes nothing and refolds nothing.
    const again: Touched = write((tx) => applyPulledPage(tx, calendar, { events: [], acknowledged: page, cases: [], users: [], cursor: 'echo-2' }));
    expect(again.acknowledged.size).toBe(0);
    expect(numbers(cases.renumbered.caseId).map((r) => r.central_seq)).toEqual([2, 3]);
  });
});

describe('a page naming this PC own events as runs', () => {
  it('leaves numbers held as the runs say as they are, releases what waited for their cases, and refuses a run it does not hold before storing anything', async () => {
    const checklist = await checklistFor(pc, clerk, { kind: 'matter', matterCode: 'GJZ-SCJG-0004' });
    const accept = (idNumber: string) => call<IntakeResultView>(clerk, 'intake/accept', individualForm(checklist, {
      applicant: { type: 'individual', name: '按段回声', idType: 'resident_id', idNumber, phone: '13904111234' },
    }));
    const [numbered, lost] = [await accept('110105194912310126'), await accept('110105194912310142')];
    for (const c of [numbered, lost]) await call(clerk, 'cases/act', { caseId: c.caseId, act: { action: 'case.transferred' } });
    const calendar = pc.env.store.read((tx) => pc.env.calendar.get(tx));
    const items = sentEvents(pc.env.store.read((tx) => nextBatch(tx)).items);
    const sent = items.filter((i) => i.caseId === numbered.caseId);
    expect(sent).toHaveLength(2);
    // The push's answer numbered `numbered` 1 and 2; the answer for `lost` never arrived.
    write((tx) => applyPushResults(tx, calendar, sent, sent.map((item, i) => ({ id: item.id, outcome: 'applied', seq: i + 1, reason: null, case: null }))));
    await call(clerk, 'cases/act', { caseId: numbered.caseId, act: { action: 'note', text: '已短信告知' } });
    write((tx) => tx.run("UPDATE outbox SET next_attempt_at = '2099-01-01T00:00:00.000Z' WHERE aggregate_id = ? AND state = 'pending'", numbered.caseId));
    const before = numbers(numbered.caseId);
    expect(before.map((r) => r.central_seq)).toEqual([1, 2]);

    const held = [{ caseId: numbered.caseId, firstSeq: 1, lastSeq: 2 }];
    expect(pc.env.store.read((tx) => ownRunsHeld(tx, held))).toBe(true);
    const touched: Touched = write((tx) => applyPulledPage(tx, calendar, { events: [], acknowledgedRuns: held, cases: [], users: [], cursor: 'runs-1' }));
    expect([touched.changed.size, touched.acknowledged.size]).toEqual([0, 0]);
    expect(numbers(numbered.caseId)).toEqual(before);
    // The note waiting for its case goes with the next push.
    expect(outbox(numbered.caseId)).toEqual([expect.objectContaining({ state: 'pending', next_attempt_at: null })]);
    expect(pc.env.store.read((tx) => tx.get<{ cursor: string }>('SELECT cursor FROM sync_link')?.cursor)).toBe('runs-1');

    // A number past those held, or a case whose answer was lost: the page is not this store's to acknowledge by number.
    for (const runs of [[{ caseId: numbered.caseId, firstSeq: 1, lastSeq: 3 }], [...held, { caseId: lost.caseId, firstSeq: 1, lastSeq: 2 }]]) {
      expect(pc.env.store.read((tx) => ownRunsHeld(tx, runs))).toBe(false);
      expect(() => write((tx) => applyPulledPage(tx, calendar, { events: [], acknowledgedRuns: runs, cases: [], users: [], cursor: 'runs-2' }))).toThrow(/本页未保存/);
    }
    expect(pc.env.store.read((tx) => tx.get<{ cursor: string }>('SELECT cursor FROM sync_link')?.cursor)).toBe('runs-1');
    expect(numbers(lost.caseId)).toEqual([]);
    expect(outbox(lost.caseId).map((o) => o.state)).toEqual(['pending', 'pending']);
  });
});
