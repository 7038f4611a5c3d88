/**
 * Gateway processes hold no state of their own (issue 17): two gateway processes on one
 * PostgreSQL, the apps split between them — the window on the first, two back offices on the
 * second and the first — work on the same cases, then the four invariants hold across all of
 * them; and a case pushed through one process wakes a back office long-polling the other.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRowView, Page } from '../../../src-main/domain/api/views.ts';
import type { DemoGateway } from '../../../scripts/sync-gateway.ts';
import { startGateway, type GatewayProcess } from '../../helpers/gateway.ts';
import { acceptAndTransfer, as, centralEvents, startSyncApp, startTestGateway, stopAllSyncApps, type SyncApp } from '../../helpers/sync.ts';
import { routeThrough } from '../../helpers/sync-faults.ts';
import { checkInvariants, drain, type CheckedApp } from '../../helpers/sync-invariants.ts';

const dataKey = randomBytes(32).toString('hex');
let first: DemoGateway;
let second: GatewayProcess;
let windowPc: SyncApp;
let reviewerOnSecond: SyncApp;
let reviewerOnFirst: SyncApp;
let apps: CheckedApp[];

beforeAll(async () => {
  first = await startTestGateway('onewindow-two-gw-', { dataKey });
  second = await startGateway({ databaseUrl: first.databaseUrl, dataKey });
  windowPc = await startSyncApp(first, { role: 'window', users: ['clerk'] });
  // A long wait on the gateway: only its NOTIFY, not a timeout, can bring a case within seconds.
  reviewerOnSecond = await startSyncApp(first, { role: 'backoffice', users: ['reviewer'], engine: { longPollSeconds: 20 } });
  reviewerOnFirst = await startSyncApp(first, { role: 'backoffice', users: ['reviewer'] });
  routeThrough(reviewerOnSecond, second.url);
  apps = [
    { label: 'window (first gateway)', services: windowPc.services, engine: windowPc.engine },
    { label: 'back office (second gateway)', services: reviewerOnSecond.services, engine: reviewerOnSecond.engine },
    { label: 'back office (first gateway)', services: reviewerOnFirst.services, engine: reviewerOnFirst.engine },
  ];
}, 600_000);

afterAll(async () => {
  await stopAllSyncApps();
  await second?.stop();
  await first?.stop();
}, 120_000);

const act = (app: SyncApp, caseId: string, action: Record<string, unknown>) => app.services.dispatcher.call('cases/act', { caseId, act: action }, app.tokens.reviewer ?? null);

describe('two gateway processes on one PostgreSQL', () => {
  it('apps split between them converge: one numbering, one state, every refusal shown', async () => {
    const cases = [];
    for (let i = 0; i < 4; i++) cases.push(await acceptAndTransfer(windowPc, 'GJZ-SCJG-0003', `双网关${i + 1}`));
    await drain(apps);
    // Both back offices claim every case before either syncs: one claim per case wins, through either process.
    for (const c of cases) {
      await act(reviewerOnSecond, c.caseId, { action: 'review.claimed' });
      await act(reviewerOnFirst, c.caseId, { action: 'review.claimed' });
    }
    await Promise.all([reviewerOnSecond.engine.syncNow(), reviewerOnFirst.engine.syncNow()]);
    for (const c of cases) {
      await act(reviewerOnSecond, c.caseId, { action: 'review.undertake', opinion: '同意' });
      await act(reviewerOnFirst, c.caseId, { action: 'review.undertake', opinion: '同意' });
    }
    await drain(apps);
    await checkInvariants(first.databaseUrl, apps);
    for (const c of cases) {
      const central = await centralEvents(first, c.caseId);
      expect(central.filter((e) => e.type === 'review.claimed')).toHaveLength(1);
    }
  });

  it('a case pushed through the first process wakes a back office long-polling the second within seconds', async () => {
    reviewerOnSecond.engine.start();
    try {
      // Let it settle into its long-poll on the second process.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const started = Date.now();
      const accepted = await acceptAndTransfer(windowPc, 'GJZ-SCJG-0003', '跨进程唤醒');
      await windowPc.engine.syncNow();
      for (;;) {
        const queue = await as<Page<CaseRowView>>(reviewerOnSecond, 'reviewer', 'review/queue', { queue: '待审' });
        if (queue.rows.some((r) => r.id === accepted.caseId)) break;
        if (Date.now() - started > 8000) throw new Error('not in the second gateway’s back office after 8 s (its long-poll waits 20 s)');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await reviewerOnSecond.engine.stop();
    }
    await drain(apps);
    await checkInvariants(first.databaseUrl, apps);
  });
});
