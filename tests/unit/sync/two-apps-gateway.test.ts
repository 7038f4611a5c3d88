/**
 * Two (and three) app instances and a real gateway process on a real PostgreSQL, all on
 * loopback: a case accepted at the window reaches the back office and the decision comes back,
 * two reviewers claiming the same case while cut off from each other end with one claim and a
 * Chinese reason for the other, a 跨区通办 case reaches the competent region's reviewers and
 * their decision comes back, and pushing the whole log again stores nothing twice.
 */
import { cpSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetailView, CaseRowView, Page } from '../../../src-main/domain/api/views.ts';
import type { SyncItemView } from '../../../src-main/domain/api/sync-views.ts';
import { resendFromLog } from '../../../src-main/services/sync/resend.ts';
import { syncItems } from '../../../src-main/services/sync/status.ts';
import type { DemoGateway } from '../../../scripts/sync-gateway.ts';
import { acceptAndTransfer, as, centralEvents, closeSyncApp, startSyncApp, startTestGateway, stopAllSyncApps, syncTempDir, type SyncApp } from '../../helpers/sync.ts';

let gateway: DemoGateway;
let windowPc: SyncApp;
let backOffice: SyncApp;

beforeAll(async () => {
  gateway = await startTestGateway('onewindow-sync-gw-');
  windowPc = await startSyncApp(gateway, { role: 'window', users: ['clerk'] });
  backOffice = await startSyncApp(gateway, { role: 'backoffice', users: ['reviewer'] });
}, 600_000);

afterAll(async () => {
  await stopAllSyncApps();
  await gateway?.stop();
}, 120_000);

describe('a case flows from the window to the back office and back', () => {
  it('accept → back office queue → claim, review, decision → hand-over and rating at the window', async () => {
    const accepted = await acceptAndTransfer(windowPc, 'GJZ-SCJG-0001', '企业设立演示');
    // The registered device code is in the case number from registration on.
    const code = windowPc.services.env.store.read((tx) => tx.get<{ device_code: string }>('SELECT device_code FROM sync_link')?.device_code);
    expect(accepted.caseNumber.slice(14, 17)).toBe(code);

    expect(await windowPc.engine.syncNow()).toMatchObject({ pushed: 2, rejected: 0 });
    await backOffice.engine.syncNow();
    const queue = await as<Page<CaseRowView>>(backOffice, 'reviewer', 'review/queue', { queue: '待审' });
    expect(queue.rows.find((r) => r.id === accepted.caseId)?.caseNumber).toBe(accepted.caseNumber);

    for (const act of [{ action: 'review.claimed' }, { action: 'review.undertake', opinion: '同意' }, { action: 'review.check', opinion: '同意' }, { action: 'review.decided', outcome: 'granted' }]) {
      await as(backOffice, 'reviewer', 'cases/act', { caseId: accepted.caseId, act });
    }
    expect(await backOffice.engine.syncNow()).toMatchObject({ pushed: 4, rejected: 0 });
    await windowPc.engine.syncNow();
    let detail = await as<CaseDetailView>(windowPc, 'clerk', 'cases/get', { id: accepted.caseId });
    expect(detail.status).toBe('decided');
    expect(detail.lifecycle?.assigneeName).toBe('李强');

    await as(windowPc, 'clerk', 'cases/act', { caseId: accepted.caseId, act: { action: 'handover.delivered', method: 'window', collectorName: '企业设立演示' } });
    await as(windowPc, 'clerk', 'cases/act', { caseId: accepted.caseId, act: { action: 'rating.given', level: 5, byApplicant: true } });
    await windowPc.engine.syncNow();
    await backOffice.engine.syncNow();
    detail = await as<CaseDetailView>(backOffice, 'reviewer', 'cases/get', { id: accepted.caseId });
    expect(detail.status).toBe('delivered');

    expect((await centralEvents(gateway, accepted.caseId)).map((e) => e.type)).toEqual([
      'intake.accepted', 'case.transferred', 'review.claimed', 'review.stepCompleted', 'review.stepCompleted', 'review.decided', 'handover.delivered', 'rating.given',
    ]);
  });

  it("the gateway's acknowledgement of the reviewer's own step leaves their open screen valid for the next step", async () => {
    const accepted = await acceptAndTransfer(windowPc, 'GJZ-SCJG-0003', '确认不算他人更新');
    await windowPc.engine.syncNow();
    await backOffice.engine.syncNow();
    const act = async (action: Record<string, unknown>, expectedVersion: number | undefined) =>
      as(backOffice, 'reviewer', 'cases/act', { caseId: accepted.caseId, expectedVersion, act: action });
    const open = async () => (await as<CaseDetailView>(backOffice, 'reviewer', 'cases/get', { id: accepted.caseId })).lifecycle?.version;
    await act({ action: 'review.claimed' }, await open());
    // The drawer re-reads the case after each step; then the claim goes out in the background.
    const shown = await open();
    expect(await backOffice.engine.syncNow()).toMatchObject({ pushed: 1, rejected: 0 });
    await act({ action: 'review.undertake', opinion: '同意' }, shown);
    // A step by someone else (another PC's event pulled in) does make the screen stale.
    const beforeRemote = await open();
    await as(windowPc, 'clerk', 'cases/act', { caseId: accepted.caseId, act: { action: 'note', text: '申请人来电询问进度' } });
    await windowPc.engine.syncNow();
    await backOffice.engine.syncNow();
    await expect(act({ action: 'review.check', opinion: '同意' }, beforeRemote)).rejects.toThrow('办件已被他人更新');
  });

  it('sending the whole log again (a restart, a re-registration) stores nothing twice', async () => {
    expect((await windowPc.engine.syncNow()).pushed).toBe(0);
    const env = windowPc.services.env;
    const queued = env.store.write({ actor: { userId: null, role: null }, deviceId: env.deviceId }, (tx) => resendFromLog(tx, env.deviceId, null));
    expect(queued).toBeGreaterThan(0);
    expect(await windowPc.engine.syncNow()).toMatchObject({ pushed: queued, rejected: 0 });
    for (const { case_id } of env.store.read((tx) => tx.all<{ case_id: string }>('SELECT DISTINCT case_id FROM case_event WHERE device_id = ?', env.deviceId))) {
      const central = await centralEvents(gateway, case_id);
      expect(central.map((e) => e.seq)).toEqual(central.map((_, i) => i + 1));
      expect(new Set(central.map((e) => e.id)).size).toBe(central.length);
    }
  });
});

describe('in the background', () => {
  it('with both PCs online a case accepted at the window is in the back office queue within seconds, nobody pressing anything', async () => {
    windowPc.engine.start();
    backOffice.engine.start();
    try {
      const started = Date.now();
      const accepted = await acceptAndTransfer(windowPc, 'GJZ-SCJG-0003', '后台同步');
      for (;;) {
        const queue = await as<Page<CaseRowView>>(backOffice, 'reviewer', 'review/queue', { queue: '待审' });
        if (queue.rows.some((r) => r.id === accepted.caseId)) break;
        if (Date.now() - started > 10_000) throw new Error('not in the back office queue after 10 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(windowPc.pendingCount()).toBe(0);
    } finally {
      await windowPc.engine.stop();
      await backOffice.engine.stop();
    }
  });
});

describe('跨区通办', () => {
  it('a case taken at 210211 for a matter of 210200 goes to 210200 and its decision comes back', async () => {
    const city = await startSyncApp(gateway, { centre: '210200', role: 'backoffice', users: ['reviewer-dl-gjj'] });
    const accepted = await acceptAndTransfer(windowPc, 'DL-GJJ-0001', '跨区通办演示');
    await windowPc.engine.syncNow();
    await city.engine.syncNow();
    // The 甘井子 back office of 市场监管 is not competent for it; the city's 公积金 reviewers are.
    const queue = await as<Page<CaseRowView>>(city, 'reviewer-dl-gjj', 'review/queue', { queue: '待审' });
    expect(queue.rows.find((r) => r.id === accepted.caseId)?.caseNumber).toBe(accepted.caseNumber);
    for (const act of [{ action: 'review.claimed' }, { action: 'review.undertake', opinion: '同意' }, { action: 'review.decided', outcome: 'granted' }]) {
      await as(city, 'reviewer-dl-gjj', 'cases/act', { caseId: accepted.caseId, act });
    }
    expect(await city.engine.syncNow()).toMatchObject({ rejected: 0 });
    await windowPc.engine.syncNow();
    const detail = await as<CaseDetailView>(windowPc, 'clerk', 'cases/get', { id: accepted.caseId });
    expect(detail.status).toBe('decided');
  });
});

describe('two reviewers claim the same case while cut off from each other', () => {
  it('the later claim is rejected; its reviewer sees why in Chinese and the case as it stands', async () => {
    const other = await startSyncApp(gateway, { role: 'backoffice', users: ['reviewer'] });
    const accepted = await acceptAndTransfer(windowPc, 'GJZ-SCJG-0003', '认领冲突演示');
    await windowPc.engine.syncNow();
    await backOffice.engine.syncNow();
    await other.engine.syncNow();
    // Both claim offline; the back office reaches the gateway first.
    await as(backOffice, 'reviewer', 'cases/act', { caseId: accepted.caseId, act: { action: 'review.claimed' } });
    await as(other, 'reviewer', 'cases/act', { caseId: accepted.caseId, act: { action: 'review.claimed' } });
    expect(await backOffice.engine.syncNow()).toMatchObject({ pushed: 1, rejected: 0 });
    expect(await other.engine.syncNow()).toMatchObject({ pushed: 0, rejected: 1 });

    const items: SyncItemView[] = other.services.env.store.read((tx) => syncItems(tx));
    const rejected = items.find((i) => i.caseId === accepted.caseId);
    expect(rejected?.state).toBe('rejected');
    expect(rejected?.reason).toMatch(/^该件已由李强于\d{1,2}:\d{2}认领/);
    expect(rejected?.advice).toMatch(/按中心平台的记录更新/);
    const detail = await as<CaseDetailView>(other, 'reviewer', 'cases/get', { id: accepted.caseId });
    expect(detail.lifecycle?.assigneeName).toBe('李强');
    // Nothing is left waiting that could be sent: the refused claim is shown, not retried forever.
    expect(other.pendingCount()).toBe(0);
  });
});

describe("a PC's own events come back by number only", () => {
  it('a page names them in runs; numbers this store lacks are asked for again by id', async () => {
    const pc = await startSyncApp(gateway, { role: 'window', users: ['clerk'] });
    await pc.engine.syncNow();
    const accepted = await acceptAndTransfer(pc, 'GJZ-SCJG-0001', '编号缺失演示');
    // The feed was read to its end: the answer moves the cursor past the push's own entries, and the pull reads nothing back.
    expect(await pc.engine.syncNow()).toMatchObject({ pushed: 2, rejected: 0, pulledEvents: 0 });
    const numbered = () => pc.services.env.store.read((tx) => tx.all<{ type: string; central_seq: number }>(
      'SELECT e.type, o.central_seq FROM case_event e JOIN case_event_order o ON o.event_id = e.id WHERE e.case_id = ? ORDER BY o.central_seq', accepted.caseId,
    ));
    expect(numbered()).toEqual([{ type: 'intake.accepted', central_seq: 1 }, { type: 'case.transferred', central_seq: 2 }]);
    // The events held, their numbers not (as after an answer that never arrived), and the feed read again from its start.
    pc.services.env.store.write({ actor: { userId: null, role: null }, deviceId: pc.services.env.deviceId }, (tx) => {
      tx.run('DELETE FROM case_event_order WHERE case_id = ?', accepted.caseId);
      tx.run('UPDATE sync_link SET cursor = NULL WHERE id = 1');
    });
    // The page naming the case's run is asked for again brief: each event takes its number by id.
    // The whole feed is read again, and nothing in it is news to this PC (立即同步 says 收到 0 条).
    expect(await pc.engine.syncNow()).toMatchObject({ pushed: 0, rejected: 0, receivedEvents: 0 });
    expect(numbered()).toEqual([{ type: 'intake.accepted', central_seq: 1 }, { type: 'case.transferred', central_seq: 2 }]);
    expect(pc.pendingCount()).toBe(0);
    await closeSyncApp(pc);
  });

  it('a store restored from an older copy, which never held them, gets them in full', async () => {
    const pc = await startSyncApp(gateway, { role: 'window', users: ['clerk'] });
    await pc.engine.syncNow();
    await closeSyncApp(pc);
    const olderCopy = syncTempDir('onewindow-sync-older-');
    cpSync(pc.dataDir, olderCopy, { recursive: true });

    const again = await startSyncApp(gateway, { role: 'window', users: ['clerk'], register: false, dataDir: pc.dataDir });
    const accepted = await acceptAndTransfer(again, 'GJZ-SCJG-0001', '备份恢复演示');
    // Pushed and numbered by the push's answer, which also moved the cursor past them: nothing is pulled back.
    expect(await again.engine.syncNow()).toMatchObject({ pushed: 2, rejected: 0, pulledEvents: 0 });
    await closeSyncApp(again);

    // The older copy never held the case: the brief page is asked for again in full.
    const restored = await startSyncApp(gateway, { role: 'window', users: ['clerk'], register: false, dataDir: olderCopy });
    expect(await restored.engine.syncNow()).toMatchObject({ pushed: 0, pulledEvents: 2, receivedEvents: 2 });
    const numbered = restored.services.env.store.read((tx) =>
      tx.all<{ type: string; central_seq: number }>('SELECT e.type, o.central_seq FROM case_event e JOIN case_event_order o ON o.event_id = e.id WHERE e.case_id = ? ORDER BY o.central_seq', accepted.caseId),
    );
    expect(numbered).toEqual([{ type: 'intake.accepted', central_seq: 1 }, { type: 'case.transferred', central_seq: 2 }]);
    const detail = await as<CaseDetailView>(restored, 'clerk', 'cases/get', { id: accepted.caseId });
    expect(detail.caseNumber).toBe(accepted.caseNumber);
    expect(detail.status).toBe('in_review');
  });
});

describe("a push's own entries in the feed", () => {
  it("are not read back when the feed was read to its end; another PC's entries before them come in the pull, and the own ones after them as numbers", async () => {
    const a = await startSyncApp(gateway, { role: 'window', users: ['clerk'] });
    const b = await startSyncApp(gateway, { role: 'window', users: ['clerk'] });
    await b.engine.syncNow();
    await a.engine.syncNow();
    const cursorOf = (pc: SyncApp) => pc.services.env.store.read((tx) => tx.get<{ cursor: string | null }>('SELECT cursor FROM sync_link WHERE id = 1')?.cursor ?? null);
    const readTo = cursorOf(a);

    const alone = await acceptAndTransfer(a, 'GJZ-SCJG-0001', '游标前移演示');
    expect(await a.engine.syncNow()).toMatchObject({ pushed: 2, rejected: 0, pulledEvents: 0 });
    // Between the cursor the feed was read to and the one saved now lie this PC's two events, nothing else.
    const { client, credentials } = a.engine.client();
    const between = await client.pull(credentials.accessToken, { cursor: readTo, limit: 100, waitSeconds: 0, ownEvents: 'full' });
    expect(between.events.map((e) => [e.caseId, e.seq])).toEqual([[alone.caseId, 1], [alone.caseId, 2]]);
    expect(between.cursor).toBe(cursorOf(a));

    const fromB = await acceptAndTransfer(b, 'GJZ-SCJG-0001', '另一窗口');
    expect(await b.engine.syncNow()).toMatchObject({ pushed: 2, rejected: 0 });
    await acceptAndTransfer(a, 'GJZ-SCJG-0001', '本窗口');
    // B's two events lie between A's cursor and A's push: they are pulled, and A's own two after
    // them come as numbers. Only B's are news to A: 立即同步 says 收到 2 条, as when A's came alone.
    expect(await a.engine.syncNow()).toMatchObject({ pushed: 2, rejected: 0, pulledEvents: 4, receivedEvents: 2 });
    expect((await as<CaseDetailView>(a, 'clerk', 'cases/get', { id: fromB.caseId })).caseNumber).toBe(fromB.caseNumber);
    const past = await client.pull(credentials.accessToken, { cursor: cursorOf(a), limit: 100, waitSeconds: 0, ownEvents: 'full' });
    expect(past.events).toEqual([]);
    await closeSyncApp(a);
    await closeSyncApp(b);
  });
});
