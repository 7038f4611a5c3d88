/**
 * What goes wrong between an app and a real gateway, each with a Chinese message and nothing
 * lost or sent twice: a gateway that is down, a revoked device, a protocol too new for the
 * gateway, a registration code used twice or expired, a PC clock days off, text the central
 * database cannot store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoGateway } from '../../../scripts/sync-gateway.ts';
import { syncItems, syncStatus } from '../../../src-main/services/sync/status.ts';
import { acceptAndTransfer, centralEvents, gatewaySql, startSyncApp, startTestGateway, stopAllSyncApps, type SyncApp } from '../../helpers/sync.ts';

let gateway: DemoGateway;

beforeAll(async () => {
  gateway = await startTestGateway('onewindow-sync-bad-');
}, 600_000);

afterAll(async () => {
  await stopAllSyncApps();
  await gateway?.stop();
}, 120_000);

/**
 * What an app without the input guard's checks let through (a broken paste, a NUL in a name): the
 * event's payload gets a string PostgreSQL cannot store in jsonb, which JSON carries as an escape
 * (\ud800, \u0000). The event log is append-only, so its trigger is set aside for the one change.
 */
function breakPayload(app: SyncApp, eventId: string, remark: string): void {
  const db = app.services.env.store.db;
  const trigger = db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'case_event_no_update'").get();
  if (!trigger) throw new Error('no case_event_no_update trigger');
  db.transaction(() => {
    db.exec('DROP TRIGGER case_event_no_update');
    db.prepare('UPDATE case_event SET payload = ? WHERE id = ?').run(JSON.stringify({ remark }), eventId);
    db.exec(trigger.sql);
  })();
}

const statusOf = (app: SyncApp) => app.services.env.store.read((tx) => syncStatus(tx, app.engine.linkHealth, app.engine.retryAt));

describe('bad input between app and gateway', () => {
  it('a gateway that is down: the window keeps working, says 离线 and why, and sends everything once when it is back', async () => {
    const app = await startSyncApp(gateway, { users: ['clerk'] });
    await gateway.stopProcess();
    const accepted = await acceptAndTransfer(app, 'GJZ-SCJG-0003', '断网受理');
    await expect(app.engine.syncNow()).rejects.toThrow(/连不上中心平台.*办件都保存在本机/);
    const offline = statusOf(app);
    expect(offline).toMatchObject({ state: 'offline', pending: 2 });
    expect(offline.lastError?.message).toMatch(/连不上中心平台/);
    expect(offline.retryAt).not.toBeNull();

    await gateway.startProcess();
    expect(await app.engine.syncNow()).toMatchObject({ pushed: 2, rejected: 0 });
    expect(statusOf(app)).toMatchObject({ state: 'online', pending: 0, lastError: null });
    expect((await centralEvents(gateway, accepted.caseId)).map((e) => e.type)).toEqual(['intake.accepted', 'case.transferred']);
  });

  it('a revoked device: sync stops with what to do, the cases wait, and a new registration sends them', async () => {
    const app = await startSyncApp(gateway, { users: ['clerk'] });
    const code = app.services.env.store.read((tx) => tx.get<{ device_code: string }>('SELECT device_code FROM sync_link')?.device_code ?? '');
    await gateway.command(['revoke-device', '--region', '210211', '--device-code', code]);
    const accepted = await acceptAndTransfer(app, 'GJZ-SCJG-0003', '停用设备');
    await expect(app.engine.syncNow()).rejects.toThrow(/注册/);
    expect(statusOf(app)).toMatchObject({ state: 'revoked', pending: 2 });

    await app.register(await gateway.issueCode('210211', 'window'));
    // The new registration sends the PC's accounts again, then the two waiting events.
    const waiting = app.pendingCount();
    expect(waiting).toBeGreaterThan(2);
    expect(await app.engine.syncNow()).toMatchObject({ pushed: waiting, rejected: 0 });
    expect((await centralEvents(gateway, accepted.caseId)).length).toBe(2);
  });

  it('a protocol newer than the gateway: refused with an upgrade message, the outbox kept', async () => {
    const app = await startSyncApp(gateway, { users: ['clerk'], engine: { protocolVersion: 99 }, sendAccounts: false });
    const accounts = app.pendingCount();
    await acceptAndTransfer(app, 'GJZ-SCJG-0003', '协议版本');
    await expect(app.engine.syncNow()).rejects.toThrow(/协议版本 99.*升级/);
    expect(statusOf(app)).toMatchObject({ state: 'error', pending: accounts + 2 });
    expect(statusOf(app).lastError?.code).toBe('PROTOCOL_UNSUPPORTED');
  });

  it('a registration code used twice, or expired, is refused at the code field', async () => {
    const first = await startSyncApp(gateway, { users: ['clerk'], register: false });
    const second = await startSyncApp(gateway, { users: ['clerk'], register: false });
    const code = await gateway.issueCode('210211', 'window');
    await first.register(code);
    await expect(second.register(code)).rejects.toMatchObject({ code: 'VALIDATION', field: 'code' });
    await expect(second.register(code)).rejects.toThrow(/注册码/);

    const expired = await gateway.issueCode('210211', 'window', { hours: 1 });
    await gatewaySql(gateway, "UPDATE registration_code SET expires_at = now() - interval '1 minute' WHERE used_at IS NULL");
    await expect(second.register(expired)).rejects.toMatchObject({ code: 'VALIDATION', field: 'code' });
    expect(second.services.env.store.read((tx) => tx.get('SELECT 1 FROM sync_link'))).toBeUndefined();
  });

  it('a PC clock three days fast is shown, and order still comes from the gateway', async () => {
    const fast = () => new Date(Date.now() + 3 * 86_400_000);
    const app = await startSyncApp(gateway, { users: ['clerk'], clock: fast });
    await acceptAndTransfer(app, 'GJZ-SCJG-0003', '时钟偏差');
    expect(await app.engine.syncNow()).toMatchObject({ pushed: 2, rejected: 0 });
    expect(statusOf(app).clockWarning).toMatch(/本机时钟比中心平台快约 3 天/);
    expect(syncItems(app.services.env.store.read((tx) => tx))).toEqual([]);
  });

  it.each([
    { what: 'a lone surrogate', remark: '粘贴截断\ud800', reason: /payload\.remark.*不成对的代理项.*请打开该件核对，并联系信息中心处理/ },
    { what: 'a NUL', remark: '姓名\u0000后缀', reason: /payload\.remark.*空字符 NUL.*请打开该件核对，并联系信息中心处理/ },
  ])('text the central database cannot store ($what) rejects its item alone: the others go in, the 同步 page says why, nothing is stuck', async ({ remark, reason }) => {
    const app = await startSyncApp(gateway, { users: ['clerk'] });
    const cases = [];
    for (const name of ['代理项之前', '代理项', '代理项之后']) cases.push(await acceptAndTransfer(app, 'GJZ-SCJG-0003', name));
    const middle = cases[1]?.caseId ?? '';
    const transfer = app.services.env.store.read((tx) => tx.get<{ id: string }>("SELECT id FROM case_event WHERE case_id = ? AND type = 'case.transferred'", middle));
    breakPayload(app, transfer?.id ?? '', remark);

    expect(await app.engine.syncNow()).toMatchObject({ pushed: 5, rejected: 1 });
    for (const c of [cases[0], cases[2]]) expect((await centralEvents(gateway, c?.caseId ?? '')).map((e) => e.type)).toEqual(['intake.accepted', 'case.transferred']);
    expect((await centralEvents(gateway, middle)).map((e) => e.type)).toEqual(['intake.accepted']);
    const listed = syncItems(app.services.env.store.read((tx) => tx));
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: transfer?.id, state: 'rejected', caseId: middle });
    expect(listed[0]?.reason).toMatch(reason);

    expect(await app.engine.syncNow()).toMatchObject({ pushed: 0, rejected: 0 });
    expect(statusOf(app)).toMatchObject({ state: 'online', pending: 0, rejected: 1 });
  });
});
