/**
 * The centre's people across its PCs, against a real gateway on a real PostgreSQL:
 *   - an account made or changed at one PC reaches every PC of the centre, password verifier
 *     included, so its clerk logs in at another window with no link at all;
 *   - the gateway takes a case event only from one of the device's centre's people in their
 *     role: a device that forges the actor (another centre's user, an id nobody has, a clerk
 *     posing as a supervisor, a made-up name) is refused or corrected, and nothing forged is stored;
 *   - a 改派 names the new assignee everywhere: the other PC's queue and timeline, the gateway.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetailView, CaseRowView, Page } from '../../../src-main/domain/api/views.ts';
import type { PushResponse, RegisterResponse } from '../../../src-main/domain/sync/index.ts';
import type { DemoGateway } from '../../../scripts/sync-gateway.ts';
import { applyCentreUsers } from '../../../src-main/services/sync/users.ts';
import { call } from '../../helpers/gateway.ts';
import { eventItem, newCase, pushBody } from '../../helpers/sync-items.ts';
import { acceptAndTransfer, as, startSyncApp, startTestGateway, stopAllSyncApps, type SyncApp } from '../../helpers/sync.ts';

let gateway: DemoGateway;
let windowA: SyncApp;
let windowB: SyncApp;

async function centralRows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: gateway.databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function login(app: SyncApp, username: string, password: string): Promise<{ token: string; mustChangePassword: boolean }> {
  const result = await app.services.dispatcher.call('session/login', { username, password }, null);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as { token: string; mustChangePassword: boolean };
}

beforeAll(async () => {
  gateway = await startTestGateway('onewindow-sync-people-');
  windowA = await startSyncApp(gateway, { role: 'window', users: ['clerk', 'admin', 'reviewer', 'supervisor'] });
  windowB = await startSyncApp(gateway, { role: 'backoffice', users: ['clerk', 'reviewer'] });
}, 600_000);

afterAll(async () => {
  await stopAllSyncApps();
  await gateway?.stop();
}, 120_000);

describe("the centre's accounts on every PC", () => {
  it('registration sends every account of the PC; a new clerk made at one PC logs in at another with no link', async () => {
    await windowA.engine.syncNow();
    const held = await centralRows<{ username: string }>("SELECT username FROM centre_user WHERE centre_code = '210211' ORDER BY username");
    expect(held.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'clerk', 'clerk2', 'reviewer', 'supervisor']));

    await as(windowA, 'admin', 'users/create', { username: 'liuyang', displayName: '刘洋', role: 'clerk', temporaryPassword: 'Temp@2026x' });
    expect(await windowA.engine.syncNow()).toMatchObject({ pushed: 1, rejected: 0 });
    await windowB.engine.syncNow();
    // Window B loses its link for good; its clerk logs in with what came down before.
    await gateway.stopProcess();
    try {
      const first = await login(windowB, 'liuyang', 'Temp@2026x');
      expect(first.mustChangePassword).toBe(true);
      const changed = await windowB.services.dispatcher.call('session/changePassword', { currentPassword: 'Temp@2026x', newPassword: 'Liu@2026yang' }, first.token);
      expect(changed.ok).toBe(true);
    } finally {
      await gateway.startProcess();
    }
    // The new password goes up from B and down to A: the temporary one no longer opens A.
    expect(await windowB.engine.syncNow()).toMatchObject({ rejected: 0 });
    await windowA.engine.syncNow();
    await expect(login(windowA, 'liuyang', 'Temp@2026x')).rejects.toThrow();
    expect((await login(windowA, 'liuyang', 'Liu@2026yang')).mustChangePassword).toBe(false);
  });

  it("a page that brings back an account as it was before this PC's unsent change does not undo the change", async () => {
    await as(windowA, 'admin', 'users/create', { username: 'sunli', displayName: '孙丽', role: 'clerk', temporaryPassword: 'Temp@2026x' });
    await windowA.engine.syncNow();
    const env = windowA.services.env;
    const sent = env.store.read((tx) => tx.get<{ id: string; password_hash: string }>("SELECT id, password_hash FROM app_user WHERE username = 'sunli'"));
    if (!sent) throw new Error('no account');
    const first = await login(windowA, 'sunli', 'Temp@2026x');
    expect((await windowA.services.dispatcher.call('session/changePassword', { currentPassword: 'Temp@2026x', newPassword: 'Sun@2026li' }, first.token)).ok).toBe(true);
    // The long-poll answers with the account as the gateway had it: the temporary password.
    const echo = { id: sent.id, username: 'sunli', displayName: '孙丽', role: 'clerk' as const, departmentCode: null, centreCode: '210211', passwordVerifier: sent.password_hash, mustChangePassword: true, disabled: false, version: 1, updatedAt: new Date().toISOString() };
    env.store.write({ actor: { userId: null, role: null }, deviceId: env.deviceId }, (tx) => applyCentreUsers(tx, [echo]));
    expect((await login(windowA, 'sunli', 'Sun@2026li')).mustChangePassword).toBe(false);
    // Once the change is sent, the gateway's copy is the new one.
    await windowA.engine.syncNow();
    const [held] = await centralRows<{ must_change_password: boolean }>("SELECT must_change_password FROM centre_user WHERE user_id = $1", [sent.id]);
    expect(held?.must_change_password).toBe(false);
  });
});

describe('the actor of a pushed event (a device playing the attacker)', () => {
  let attacker: RegisterResponse;
  let cityReviewer: { id: string };
  beforeAll(async () => {
    // A person of the city's centre only (every demo PC has the demo accounts, so one is made there).
    const city = await startSyncApp(gateway, { centre: '210200', role: 'backoffice', users: ['admin'] });
    cityReviewer = await as<{ id: string }>(city, 'admin', 'users/create', { username: 'cityreviewer', displayName: '市公积金审批员', role: 'reviewer', departmentCode: 'DL-GJJ', temporaryPassword: 'Temp@2026x' });
    await city.engine.syncNow();
    const answer = await call<RegisterResponse>(gateway.url, 'POST', '/v1/devices/register', {
      body: { code: await gateway.issueCode('210211', 'window'), installationId: randomUUID(), deviceName: '被冒用的窗口', appVersion: '0.1.0' },
    });
    expect(answer.status).toBe(200);
    attacker = answer.body;
  }, 300_000);

  const push = (items: unknown[]) => call<PushResponse>(gateway.url, 'POST', '/v1/push', { token: attacker.accessToken, body: pushBody(items) });
  const storedCase = async (caseId: string) => (await centralRows<{ n: string }>('SELECT count(*) AS n FROM central_event WHERE case_id = $1', [caseId]))[0]?.n;

  it("refuses an event in the name of another centre's user, of an id nobody has, and of a clerk posing as a supervisor", async () => {
    const forged = [
      { id: cityReviewer.id, role: 'reviewer' as const, name: '市公积金审批员' },
      { id: 'u-nobody', role: 'clerk' as const, name: '王五' },
      { id: 'demo-user-clerk', role: 'supervisor' as const, name: '王芳' },
    ];
    for (const actor of forged) {
      const c = newCase({ region: '210211', deviceCode: attacker.deviceCode });
      const item = eventItem(c, 'intake.accepted', actor, { caseNumber: c.caseNumber, dueDate: '2026-12-09', limit: { value: 5, unit: 'working' }, matterKind: 'promised', reviewSteps: 1 }, { withHeader: true });
      const answer = await push([item]);
      expect(answer.status).toBe(200);
      expect(answer.body.results[0]).toMatchObject({ outcome: 'rejected', reason: { code: 'NOT_ALLOWED', field: 'actorId' } });
      expect(await storedCase(c.caseId)).toBe('0');
    }
  });

  it("stores a real person's event under the name the centre holds, not the one the device wrote", async () => {
    const c = newCase({ region: '210211', deviceCode: attacker.deviceCode });
    const item = eventItem(c, 'intake.accepted', { id: 'demo-user-clerk', role: 'clerk', name: '冒名顶替' }, { caseNumber: c.caseNumber, dueDate: '2026-12-09', limit: { value: 5, unit: 'working' }, matterKind: 'promised', reviewSteps: 1 }, { withHeader: true });
    const answer = await push([item]);
    expect(answer.body.results[0]?.outcome).toBe('applied');
    const [stored] = await centralRows<{ actor_name: string }>('SELECT actor_name FROM central_event WHERE id = $1', [item.id]);
    expect(stored?.actor_name).toBe('王芳');
  });
});

describe('改派 names the new assignee everywhere', () => {
  it("the other PC's queue and timeline and the gateway's record of the case show the new reviewer's name", async () => {
    // 周敏 is made at A; the 改派 is made there too, by the supervisor.
    const zhou = await as<{ id: string }>(windowA, 'admin', 'users/create', { username: 'zhoumin', displayName: '周敏', role: 'reviewer', departmentCode: 'GJZ-SCJG', temporaryPassword: 'Temp@2026x' });
    const accepted = await acceptAndTransfer(windowA, 'GJZ-SCJG-0003', '改派演示');
    await as(windowA, 'reviewer', 'cases/act', { caseId: accepted.caseId, act: { action: 'review.claimed' } });
    await as(windowA, 'supervisor', 'cases/act', { caseId: accepted.caseId, act: { action: 'review.reassigned', toUserId: zhou.id } });
    expect(await windowA.engine.syncNow()).toMatchObject({ rejected: 0 });
    await windowB.engine.syncNow();

    const detail = await as<CaseDetailView>(windowB, 'reviewer', 'cases/get', { id: accepted.caseId });
    expect(detail.lifecycle?.assigneeName).toBe('周敏');
    const reassign = detail.events.find((e) => e.type === 'review.reassigned');
    expect(reassign?.payload).toMatchObject({ toId: zhou.id, toName: '周敏' });
    const queue = await as<Page<CaseRowView>>(windowB, 'reviewer', 'review/queue', { queue: '审查中' });
    expect(queue.rows.find((r) => r.id === accepted.caseId)?.assigneeName).toBe('周敏');
    const [central] = await centralRows<{ assignee_name: string | null }>('SELECT assignee_name FROM central_case WHERE case_id = $1', [accepted.caseId]);
    expect(central?.assignee_name).toBe('周敏');
  });
});
