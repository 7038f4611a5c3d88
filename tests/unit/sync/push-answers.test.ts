/**
 * A push's answer in the local store (push-answers.ts): items the gateway numbered right after
 * what this PC held take their numbers without a refold; a case whose numbers show another
 * device's event between this PC's is folded again in the gateway's order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntakeResultView } from '../../../src-main/domain/api/views.ts';
import type { CentralEvent } from '../../../src-main/domain/sync/events.ts';
import type { Services } from '../../../src-main/host/boot.ts';
import { applyPulledPage } from '../../../src-main/services/sync/apply.ts';
import { orderedEvents } from '../../../src-main/services/sync/case-log.ts';
import { sentEvents, type SentEvent } from '../../helpers/sync-items.ts';
import { nextBatch } from '../../../src-main/services/sync/outbox.ts';
import { applyPushResults } from '../../../src-main/services/sync/push-answers.ts';
import { pushItemSchema } from '../../../src-main/domain/sync/push.ts';
import { checklistFor, individualForm } from '../../helpers/intake.ts';
import { bootDemo, loginAs, registerWithoutGateway } from '../../helpers/services.ts';

let pc: Services;
let token = '';
const system = () => ({ actor: { userId: null, role: null }, deviceId: pc.env.deviceId });

async function call<T>(name: string, input: unknown): Promise<T> {
  const result = await pc.dispatcher.call(name, input, token);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function acceptedAndTransferred(name: string, passport: string): Promise<string> {
  const checklist = await checklistFor(pc, token, { kind: 'matter', matterCode: 'GJZ-SCJG-0004' });
  const accepted = await call<IntakeResultView>('intake/accept', individualForm(checklist, {
    applicant: { type: 'individual', name, idType: 'passport', idNumber: passport, phone: '13904111234' },
  }));
  await call('cases/act', { caseId: accepted.caseId, act: { action: 'case.transferred' } });
  return accepted.caseId;
}

const row = (caseId: string) => pc.env.store.read((tx) => tx.get<{ status: string; row_version: number }>('SELECT status, row_version FROM case_record WHERE id = ?', caseId));
const numbers = (caseId: string) => pc.env.store.read((tx) => tx.all<{ central_seq: number }>('SELECT central_seq FROM case_event_order WHERE case_id = ? ORDER BY central_seq', caseId)).map((r) => r.central_seq);
const pending = () => pc.env.store.read((tx) => tx.get<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'pending'")?.n);

let expected: string;
let between: string;
let items: SentEvent[];

beforeAll(async () => {
  pc = bootDemo();
  registerWithoutGateway(pc);
  // The seeded history is demo data and never leaves the PC.
  pc.env.store.write(system(), (tx) => tx.run('DELETE FROM outbox'));
  token = await loginAs(pc, 'clerk');
  expected = await acceptedAndTransferred('顺序甲', 'G12345671');
  between = await acceptedAndTransferred('顺序乙', 'G12345672');
  items = sentEvents(pc.env.store.read((tx) => nextBatch(tx)).items);
}, 300_000);

afterAll(() => pc?.close());

describe('the items a push sends', () => {
  it("are the events' rows as the gateway reads them (SQLite writes each item's JSON), the opening with its case", () => {
    const rows = pc.env.store.read((tx) =>
      tx.all<{ id: string; case_id: string; seq: number; type: string; at: string; actor_id: string; actor_role: string; display_name: string; note: string | null; payload: string; case_number: string }>(
        `SELECT e.*, u.display_name, c.case_number FROM case_event e JOIN case_record c ON c.id = e.case_id JOIN app_user u ON u.id = e.actor_id
          WHERE e.case_id IN (?, ?) ORDER BY e.case_id = ?, e.seq`, expected, between, between));
    expect(items.map((i) => pushItemSchema.safeParse(i).success)).toEqual([true, true, true, true]);
    expect(items.map(({ kind, id, caseId, caseNumber, localSeq, baseSeq, type, at, actorId, actorRole, actorName, note, payload }) => ({ kind, id, caseId, caseNumber, localSeq, baseSeq, type, at, actorId, actorRole, actorName, note, payload }))).toEqual(
      rows.map((r) => ({
        kind: 'case.event', id: r.id, caseId: r.case_id, caseNumber: r.case_number, localSeq: r.seq, baseSeq: null, type: r.type, at: r.at,
        actorId: r.actor_id, actorRole: r.actor_role, actorName: r.display_name, note: r.note, payload: JSON.parse(r.payload) as unknown,
      })),
    );
    expect(items.map((i) => [i.type, i.case?.caseId ?? null, i.case?.personal.name ?? null])).toEqual([
      ['intake.accepted', expected, '顺序甲'], ['case.transferred', null, null], ['intake.accepted', between, '顺序乙'], ['case.transferred', null, null],
    ]);
  });
});

describe('a push answer', () => {
  it('numbers the events of a case nobody else acted on without folding it again, and folds again the case where another device came between', () => {
    const before = row(expected);
    const shown = row(between);
    // Columns out of step with the log, as only a refold would put right: the case the gateway
    // numbered 1 and 3 (another device's 2 between) is folded in the gateway's order.
    pc.env.store.write(system(), (tx) => tx.run("UPDATE case_record SET status = 'accepted' WHERE id = ?", between));
    const central = { [expected]: [1, 2], [between]: [1, 3] };
    const results = items.map((item) => ({ id: item.id, outcome: 'applied' as const, seq: central[item.caseId]?.[item.localSeq - 1] ?? null, reason: null, case: null }));
    const calendar = pc.env.store.read((tx) => pc.env.calendar.get(tx));
    const answer = pc.env.store.write(system(), (tx) => applyPushResults(tx, calendar, items, results));

    expect(answer).toEqual({ sent: 4, rejected: 0 });
    expect(pending()).toBe(0);
    expect(numbers(expected)).toEqual([1, 2]);
    expect(row(expected)).toEqual(before);
    expect(numbers(between)).toEqual([1, 3]);
    expect(row(between)?.status).toBe(shown?.status);

    // The other device's event comes with the next pull and takes its place between.
    const note = items.find((i) => i.caseId === between && i.type === 'intake.accepted') as SentEvent;
    const theirs: CentralEvent = {
      id: '0192f3c4-5d6e-7f80-9a1b-0000000000b2', caseId: between, seq: 2, type: 'note', at: note.at, actorId: note.actorId, actorRole: note.actorRole,
      actorName: note.actorName, note: null, payload: { text: '补充说明' }, recordedAt: note.at, deviceCode: 'B01', centreCode: '210211',
    };
    pc.env.store.write(system(), (tx) => applyPulledPage(tx, calendar, { events: [theirs], cases: [], users: [], cursor: 'page-1' }));
    expect(numbers(between)).toEqual([1, 2, 3]);
    expect(pc.env.store.read((tx) => orderedEvents(tx, between)).map((e) => e.type)).toEqual(['intake.accepted', 'note', 'case.transferred']);
  });

  it('a resend answered as a duplicate, already numbered by a pull, keeps its number and leaves the outbox', () => {
    const calendar = pc.env.store.read((tx) => pc.env.calendar.get(tx));
    const first = items.find((i) => i.caseId === expected) as SentEvent;
    pc.env.store.write(system(), (tx) => tx.run("INSERT INTO outbox (message_id, kind, aggregate_type, aggregate_id, created_at) VALUES (?, 'case.event', 'case', ?, ?)", first.id, expected, first.at));
    const answer = pc.env.store.write(system(), (tx) => applyPushResults(tx, calendar, [first], [{ id: first.id, outcome: 'duplicate', seq: 1, reason: null, case: null }]));
    expect(answer).toEqual({ sent: 1, rejected: 0 });
    expect(numbers(expected)).toEqual([1, 2]);
    expect(pending()).toBe(0);
  });
});
