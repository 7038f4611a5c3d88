/**
 * Randomized sync (issue 17): fast-check generates sequences of work on a window and two back
 * offices (accept, claim, undertake, decide, release, note, sync) interleaved with faults on each
 * app's link (offline, lost answer, reset, cut-off answer, duplicated or late delivery, 503).
 * After each sequence the links heal, the queues drain and the four invariants are checked.
 *
 * CI runs a few sequences from one seed. `npm run soak -- --minutes 30` runs new seeds until the
 * time is up. Every seed is printed; `SYNC_SEED=<seed> npx vitest run tests/unit/sync/sync-random.test.ts`
 * replays one (fast-check also prints the shrunk counterexample and its path).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { DemoGateway } from '../../../scripts/sync-gateway.ts';
import type { Fault } from '../../helpers/fault-proxy.ts';
import { acceptAndTransfer, startTestGateway } from '../../helpers/sync.ts';
import { heal, startFaultyApp, stopSyncTest, type FaultyApp } from '../../helpers/sync-faults.ts';
import { checkInvariants, drain } from '../../helpers/sync-invariants.ts';

const soakMinutes = Number(process.env.SYNC_SOAK_MINUTES ?? '0');
const ciRuns = Number(process.env.SYNC_RUNS ?? '6');

let gateway: DemoGateway;
let apps: FaultyApp[];
const caseIds: string[] = [];

beforeAll(async () => {
  gateway = await startTestGateway('onewindow-sync-random-');
  apps = [
    await startFaultyApp(gateway, 'window', { role: 'window', users: ['clerk'] }),
    await startFaultyApp(gateway, 'back office A', { role: 'backoffice', users: ['reviewer'] }),
    await startFaultyApp(gateway, 'back office B', { role: 'backoffice', users: ['reviewer'] }),
  ];
}, 600_000);

afterAll(() => stopSyncTest(gateway, apps), 120_000);

type Step =
  | { kind: 'accept' }
  | { kind: 'act'; app: 1 | 2; pick: number; action: 'claim' | 'undertake' | 'decide' | 'release' }
  | { kind: 'note'; app: 0 | 1 | 2; pick: number }
  | { kind: 'sync'; app: 0 | 1 | 2 }
  | { kind: 'fault'; app: 0 | 1 | 2; fault: Fault | 'offline' | 'online' };

const appIndex = fc.constantFrom<0 | 1 | 2>(0, 1, 2);
const faults = fc.constantFrom<Fault | 'offline' | 'online'>(
  'offline',
  'online',
  { kind: 'lose-response' },
  { kind: 'reset-request', afterBytes: 200 },
  { kind: 'truncate-response', bytes: 150 },
  { kind: 'duplicate' },
  { kind: 'deliver-late', ms: 300 },
  { kind: 'status', status: 503, retryAfterSeconds: 1 },
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Step>({ kind: 'accept' }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('act' as const), app: fc.constantFrom<1 | 2>(1, 2), pick: fc.nat(), action: fc.constantFrom('claim', 'undertake', 'decide', 'release') as fc.Arbitrary<'claim' | 'undertake' | 'decide' | 'release'> }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('note' as const), app: appIndex, pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), app: appIndex }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('fault' as const), app: appIndex, fault: faults }) },
);

const acts = {
  claim: { action: 'review.claimed' },
  undertake: { action: 'review.undertake', opinion: '同意' },
  decide: { action: 'review.decided', outcome: 'granted' },
  release: { action: 'review.released', reason: '另有安排' },
} as const;

let accepted = 0;

/** One step. Work the local rules refuse (a claim on a case not pulled yet) is simply not done. */
async function run(s: Step): Promise<void> {
  const users = ['clerk', 'reviewer', 'reviewer'];
  if (s.kind === 'accept') {
    caseIds.push((await acceptAndTransfer(apps[0]!.app, 'GJZ-SCJG-0003', `随机${++accepted}`)).caseId);
    return;
  }
  if (s.kind === 'fault') {
    const proxy = apps[s.app]!.proxy;
    if (s.fault === 'offline') proxy.offline();
    else if (s.fault === 'online') proxy.online();
    else proxy.inject({ fault: s.fault });
    return;
  }
  if (s.kind === 'sync') {
    await apps[s.app]!.engine.syncNow().catch(() => undefined);
    return;
  }
  if (caseIds.length === 0) return;
  const a = apps[s.app]!;
  const caseId = caseIds[s.pick % caseIds.length]!;
  const token = a.app.tokens[users[s.app]!] ?? null;
  if (s.kind === 'note') await a.services.dispatcher.call('cases/addNote', { id: caseId, note: '随机备注' }, token);
  else await a.services.dispatcher.call('cases/act', { caseId, act: acts[s.action] }, token);
}

const property = fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 30 }), async (steps) => {
  for (const s of steps) await run(s);
  heal(apps);
  await drain(apps, 10);
  await checkInvariants(gateway.databaseUrl, apps);
});

describe('random work and faults on three apps', () => {
  it('always ends with the four invariants holding', async () => {
    const deadline = Date.now() + soakMinutes * 60_000;
    let seed = Number(process.env.SYNC_SEED ?? Date.now() % 2 ** 31);
    let sequences = 0;
    do {
      // Printed before the run, so a seed that hangs or crashes the process is known too.
      console.log(`sync-random: seed ${seed}`);
      await fc.assert(property, { seed, numRuns: soakMinutes > 0 ? 1 : ciRuns, endOnFailure: true });
      sequences += soakMinutes > 0 ? 1 : ciRuns;
      seed = (seed * 48271 + 1) % 2 ** 31;
    } while (Date.now() < deadline);
    console.log(`sync-random: ${sequences} sequences, ${caseIds.length} cases, invariants held`);
  }, soakMinutes > 0 ? soakMinutes * 60_000 + 600_000 : 300_000);
});
