/**
 * The fault matrix, refusals and cut-off devices (issue 17): a permanently refused item in the
 * middle of a batch, 401 and 403 between two batches (token expired, device revoked), 429 and
 * 503 with Retry-After, three devices acting on one case while cut off from each other, a clock
 * days off. One real gateway on its embedded PostgreSQL; every app behind its own fault proxy.
 * After each fault: heal, drain, the four invariants (tests/helpers/sync-invariants.ts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CaseDetailView } from '../../../src-main/domain/api/views.ts';
import type { DemoGateway } from '../../../scripts/sync-gateway.ts';
import { syncItems, syncStatus } from '../../../src-main/services/sync/status.ts';
import { acceptAndTransfer, as, centralEvents, gatewaySql, startTestGateway } from '../../helpers/sync.ts';
import { heal, healAndCheck, routeThrough, startFaultyApp, stopSyncTest, type FaultyApp } from '../../helpers/sync-faults.ts';
import { drain } from '../../helpers/sync-invariants.ts';

let gateway: DemoGateway;
let windowPc: FaultyApp;
let reviewerA: FaultyApp;
let reviewerB: FaultyApp;
let apps: FaultyApp[];

beforeAll(async () => {
  gateway = await startTestGateway('onewindow-faults-refusals-');
  windowPc = await startFaultyApp(gateway, 'window', { role: 'window', users: ['clerk'] });
  reviewerA = await startFaultyApp(gateway, 'back office A', { role: 'backoffice', users: ['reviewer'] });
  reviewerB = await startFaultyApp(gateway, 'back office B', { role: 'backoffice', users: ['reviewer'] });
  apps = [windowPc, reviewerA, reviewerB];
}, 600_000);

afterAll(() => stopSyncTest(gateway, apps), 120_000);

beforeEach(() => heal(apps));

const statusOf = (a: FaultyApp) => a.services.env.store.read((tx) => syncStatus(tx, a.engine.linkHealth, a.engine.retryAt));
const itemsOf = (a: FaultyApp) => a.services.env.store.read((tx) => syncItems(tx, 10_000));

/** `count` notes on one case: more than one push batch (1,000) when count > 1,000. */
async function notes(a: FaultyApp, user: string, caseId: string, count: number, text: string): Promise<void> {
  for (let i = 0; i < count; i++) await as(a.app, user, 'cases/addNote', { id: caseId, note: `${text} ${i + 1}` });
}

describe('a permanently refused item in the middle of a batch', () => {
  it('is set aside with its reason on the 同步 page; the items behind it go through', async () => {
    const c = await acceptAndTransfer(windowPc.app, 'GJZ-SCJG-0003', '拒收居中');
    await notes(windowPc, 'clerk', c.caseId, 2, '前');
    // A note with an empty text, as an older or damaged client might have written it: the central rules refuse it.
    const env = windowPc.services.env;
    const clerkId = env.store.read((tx) => tx.get<{ id: string }>("SELECT id FROM app_user WHERE username = 'clerk'")?.id ?? null);
    const poison = env.store.write({ actor: { userId: clerkId, role: 'clerk' }, deviceId: env.deviceId }, (tx) => tx.appendCaseEvent({ caseId: c.caseId, type: 'note', payload: { text: '' } }));
    await notes(windowPc, 'clerk', c.caseId, 2, '后');
    expect(await windowPc.engine.syncNow()).toMatchObject({ pushed: 6, rejected: 1 });
    const refused = itemsOf(windowPc).find((i) => i.id === poison.id);
    expect(refused).toMatchObject({ state: 'rejected', caseId: c.caseId });
    expect(refused?.reason).toMatch(/备注/);
    expect((await centralEvents(gateway, c.caseId)).map((e) => e.type)).toEqual(['intake.accepted', 'case.transferred', 'note', 'note', 'note', 'note']);
    await healAndCheck(gateway, apps);
  });
});

describe('401 and 403 between two batches', () => {
  it('a token that expires after the first batch is renewed with the device secret; the second batch goes', async () => {
    const c = await acceptAndTransfer(windowPc.app, 'GJZ-SCJG-0003', '令牌过期');
    await notes(windowPc, 'clerk', c.caseId, 1010, '过期');
    windowPc.proxy.afterForward('/v1/push', () => gatewaySql(gateway, "UPDATE device_token SET expires_at = now() - interval '1 second'"));
    expect(await windowPc.engine.syncNow()).toMatchObject({ pushed: 1012, rejected: 0 });
    const paths = windowPc.proxy.log.slice(-6).map((e) => e.path);
    expect(paths).toContain('/v1/devices/token');
    await healAndCheck(gateway, apps);
  });

  it('a device revoked after the first batch stops with what to do; the rest waits, and after a new registration goes once', async () => {
    const c = await acceptAndTransfer(windowPc.app, 'GJZ-SCJG-0003', '设备停用');
    await notes(windowPc, 'clerk', c.caseId, 1010, '停用');
    const code = windowPc.services.env.store.read((tx) => tx.get<{ device_code: string }>('SELECT device_code FROM sync_link')?.device_code ?? '');
    // What `revoke-device` does (bad-input-gateway.test.ts runs the command), here at the exact
    // moment between two batches: the command's own start-up would outlast the client's timeout.
    windowPc.proxy.afterForward('/v1/push', async () => {
      await gatewaySql(gateway, "UPDATE device SET revoked_at = now() WHERE region_code = '210211' AND device_code = $1", [code]);
      await gatewaySql(gateway, "UPDATE device_token SET revoked_at = now() WHERE region_code = '210211' AND device_id = (SELECT device_id FROM device WHERE region_code = '210211' AND device_code = $1)", [code]);
    });
    await expect(windowPc.engine.syncNow()).rejects.toThrow(/重新注册/);
    const revoked = statusOf(windowPc);
    expect(revoked.state).toBe('revoked');
    expect(revoked.pending).toBe(12);
    expect(revoked.lastError?.message).toMatch(/注册码/);

    await windowPc.app.register(await gateway.issueCode('210211', 'window'));
    routeThrough(windowPc.app, windowPc.proxy.url);
    await healAndCheck(gateway, apps);
    expect((await centralEvents(gateway, c.caseId)).length).toBe(1012);
  });
});

describe('429 and 503 with Retry-After', () => {
  it('the background sync waits at least as long as the gateway asked, then sends everything once', async () => {
    await acceptAndTransfer(windowPc.app, 'GJZ-SCJG-0003', '限流');
    windowPc.proxy.inject({ fault: { kind: 'status', status: 429, retryAfterSeconds: 2, body: { error: { code: 'RATE_LIMITED', message: '中心平台繁忙，请稍后再试', retryAfterSeconds: 2 } } }, pathPrefix: '/v1/push' });
    windowPc.proxy.inject({ fault: { kind: 'status', status: 503, retryAfterSeconds: 1 }, pathPrefix: '/v1/push' });
    windowPc.engine.start();
    try {
      const deadline = Date.now() + 30_000;
      while (windowPc.app.pendingCount() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(windowPc.app.pendingCount()).toBe(0);
    } finally {
      await windowPc.engine.stop();
    }
    const pushes = windowPc.proxy.log.filter((e) => e.path === '/v1/push');
    const [limited, busy, sent] = pushes.slice(-3);
    expect([limited?.fault, busy?.fault, sent?.fault]).toEqual(['status', 'status', 'pass']);
    expect(busy!.at - limited!.at).toBeGreaterThanOrEqual(2000);
    expect(sent!.at - busy!.at).toBeGreaterThanOrEqual(1000);
    await healAndCheck(gateway, apps);
  });
});

describe('three devices act on one case while cut off from each other', () => {
  it('two claims and a note: one claim wins, the other is refused with who claimed it, the note stays; all three agree', async () => {
    const c = await acceptAndTransfer(windowPc.app, 'GJZ-SCJG-0003', '三机离线');
    await drain(apps);
    for (const a of apps) a.proxy.offline();
    await as(reviewerA.app, 'reviewer', 'cases/act', { caseId: c.caseId, act: { action: 'review.claimed' } });
    await as(reviewerB.app, 'reviewer', 'cases/act', { caseId: c.caseId, act: { action: 'review.claimed' } });
    await as(windowPc.app, 'clerk', 'cases/addNote', { id: c.caseId, note: '申请人补充了联系电话' });
    for (const a of apps) await expect(a.engine.syncNow()).rejects.toThrow();

    // B comes back first, then the window, then A.
    for (const a of [reviewerB, windowPc, reviewerA]) {
      a.proxy.online();
      await a.engine.syncNow();
    }
    await healAndCheck(gateway, apps);
    const refused = itemsOf(reviewerA).filter((i) => i.caseId === c.caseId);
    expect(refused.map((i) => i.state)).toEqual(['rejected']);
    expect(refused[0]?.reason).toMatch(/^该件已由李强于\d{1,2}:\d{2}认领/);
    const detail = await as<CaseDetailView>(reviewerA.app, 'reviewer', 'cases/get', { id: c.caseId });
    expect(detail.lifecycle?.assigneeName).toBe('李强');
    expect((await centralEvents(gateway, c.caseId)).map((e) => e.type)).toEqual(['intake.accepted', 'case.transferred', 'review.claimed', 'note']);
  });
});

describe('a clock days off', () => {
  it('is shown to the clerk in the status line, and order still comes from the gateway', async () => {
    const slow = await startFaultyApp(gateway, 'slow clock', { role: 'window', users: ['clerk'], clock: () => new Date(Date.now() - 4 * 86_400_000) });
    apps.push(slow);
    const c = await acceptAndTransfer(slow.app, 'GJZ-SCJG-0003', '时钟慢');
    await healAndCheck(gateway, apps);
    expect(statusOf(slow).clockWarning).toMatch(/本机时钟比中心平台慢约 4 天/);
    expect(statusOf(windowPc).clockWarning).toBeNull();
    expect((await centralEvents(gateway, c.caseId)).map((e) => e.seq)).toEqual([1, 2]);
  });
});
