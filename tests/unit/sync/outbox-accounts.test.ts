/**
 * Account changes at the head of the outbox (outbox.ts): when more case events follow them than
 * the batch holds, they go in a batch of their own, so the case events after them can cross two
 * batches at a time (push-overlap.ts); a small push keeps them in one batch, one round trip.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntakeResultView } from '../../../src-main/domain/api/views.ts';
import type { Services } from '../../../src-main/host/boot.ts';
import { nextBatches } from '../../../src-main/services/sync/outbox.ts';
import { queueAllUsersForSync } from '../../../src-main/services/sync/users.ts';
import { checklistFor, individualForm } from '../../helpers/intake.ts';
import { bootDemo, loginAs, registerWithoutGateway } from '../../helpers/services.ts';

let pc: Services;
let accounts = 0;

beforeAll(async () => {
  pc = bootDemo();
  const system = { actor: { userId: null, role: null }, deviceId: pc.env.deviceId };
  registerWithoutGateway(pc);
  pc.env.store.write(system, (tx) => {
    // The seeded history is demo data and never leaves the PC; the accounts go up as on registration.
    tx.run('DELETE FROM outbox');
    accounts = queueAllUsersForSync(tx);
  });
  const token = await loginAs(pc, 'clerk');
  const checklist = await checklistFor(pc, token, { kind: 'matter', matterCode: 'GJZ-SCJG-0004' });
  const accepted = await pc.dispatcher.call('intake/accept', individualForm(checklist, {
    applicant: { type: 'individual', name: '账号在先', idType: 'passport', idNumber: 'G12345673', phone: '13904111234' },
  }), token);
  if (!accepted.ok) throw new Error(accepted.error.message);
  const act = await pc.dispatcher.call('cases/act', { caseId: (accepted.value as IntakeResultView).caseId, act: { action: 'case.transferred' } }, token);
  if (!act.ok) throw new Error(act.error.message);
}, 300_000);

afterAll(() => pc?.close());

const kinds = (maxItems: number) =>
  pc.env.store.read((tx) => nextBatches(tx, { maxItems, maxBytes: 1024 * 1024 }, 1)).map((b) => b.items.map((i) => (i.kind === 'case.event' ? i.type : i.kind)));

describe('account changes at the head of the outbox', () => {
  it('go alone when more case events follow than the batch holds', () => {
    expect(accounts).toBeGreaterThan(0);
    expect(kinds(accounts + 1)).toEqual([Array(accounts).fill('user.upsert')]);
  });

  it('share the batch with the case events when all of them fit', () => {
    expect(kinds(accounts + 2)).toEqual([[...Array(accounts).fill('user.upsert'), 'intake.accepted', 'case.transferred']]);
  });
});
