/**
 * The fault matrix, a gateway restored from an older backup (issue 17): the gateway's database
 * is copied while it is stopped (a cold backup), work goes on and is acknowledged, then the copy
 * is put back in its place. The gateway sees another database (a new epoch) and says so; the apps
 * send again, from their event logs, what it lost, whichever of them reconnects first. After it:
 * drain and the four invariants. Then an app one protocol version behind the gateway.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoGateway } from '../../../scripts/sync-gateway.ts';
import { protocolVersion } from '../../../src-main/domain/sync/version.ts';
import { syncStatus } from '../../../src-main/services/sync/status.ts';
import { startGateway } from '../../helpers/gateway.ts';
import { acceptAndTransfer, as, centralEvents, startSyncApp, startTestGateway, type SyncApp } from '../../helpers/sync.ts';
import { healAndCheck, routeThrough, stopSyncTest } from '../../helpers/sync-faults.ts';
import { drain, type CheckedApp } from '../../helpers/sync-invariants.ts';

const dataKey = randomBytes(32).toString('hex');
let gateway: DemoGateway;
let windowPc: SyncApp;
let backOffice: SyncApp;
let apps: CheckedApp[];

beforeAll(async () => {
  gateway = await startTestGateway('onewindow-faults-restore-', { dataKey });
  windowPc = await startSyncApp(gateway, { role: 'window', users: ['clerk'] });
  backOffice = await startSyncApp(gateway, { role: 'backoffice', users: ['reviewer'] });
  apps = [
    { label: 'window', services: windowPc.services, engine: windowPc.engine },
    { label: 'back office', services: backOffice.services, engine: backOffice.engine },
  ];
}, 600_000);

afterAll(() => stopSyncTest(gateway), 120_000);

/** SQL on the server's maintenance database (the gateway's own database cannot be copied or dropped from inside). */
async function onServer(...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: gateway.databaseUrl.replace(/\/postgres$/, '/template1') });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

const epochOf = (app: SyncApp) => app.services.env.store.read((tx) => tx.get<{ epoch: string }>('SELECT epoch FROM sync_link')?.epoch);
const act = (app: SyncApp, user: string, caseId: string, action: Record<string, unknown>) => as(app, user, 'cases/act', { caseId, act: action });

describe('the gateway restored from an older backup', () => {
  it('announces a new epoch; the apps resend what it lost from their logs and every case converges', async () => {
    // Before the backup: a case decided end to end.
    const before = await acceptAndTransfer(windowPc, 'GJZ-SCJG-0003', '备份前');
    await drain(apps);
    for (const action of [{ action: 'review.claimed' }, { action: 'review.undertake', opinion: '同意' }]) await act(backOffice, 'reviewer', before.caseId, action);
    await drain(apps);
    const oldEpoch = epochOf(windowPc);

    await gateway.stopProcess();
    await onServer('CREATE DATABASE gateway_backup TEMPLATE postgres');
    await gateway.startProcess();

    // After the backup, acknowledged to their users and to the apps by the gateway: all of it will be lost centrally.
    const after = await acceptAndTransfer(windowPc, 'GJZ-SCJG-0003', '备份后');
    await act(backOffice, 'reviewer', before.caseId, { action: 'review.decided', outcome: 'granted' });
    await drain(apps);
    await act(backOffice, 'reviewer', after.caseId, { action: 'review.claimed' });
    await as(windowPc, 'clerk', 'cases/addNote', { id: before.caseId, note: '备份后的备注' });
    await healAndCheck(gateway, apps);
    const expected = { before: (await centralEvents(gateway, before.caseId)).map((e) => e.id), after: (await centralEvents(gateway, after.caseId)).map((e) => e.id) };

    // The restore: the copy replaces the database.
    await gateway.stopProcess();
    await onServer('DROP DATABASE postgres WITH (FORCE)', 'ALTER DATABASE gateway_backup RENAME TO postgres');
    await gateway.startProcess();
    expect(await centralEvents(gateway, after.caseId)).toEqual([]);

    // The back office reconnects first: its claim of a case the gateway no longer knows must wait
    // for the window's resend, not be refused for good.
    await healAndCheck(gateway, [...apps].reverse());
    expect(epochOf(windowPc)).not.toBe(oldEpoch);
    expect(epochOf(backOffice)).toBe(epochOf(windowPc));
    // Every event acknowledged before the restore is back, each once, in an order all agree on.
    expect(new Set((await centralEvents(gateway, before.caseId)).map((e) => e.id))).toEqual(new Set(expected.before));
    expect(new Set((await centralEvents(gateway, after.caseId)).map((e) => e.id))).toEqual(new Set(expected.after));
    const audit = windowPc.services.env.store.read((tx) => tx.get<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'sync.epochChanged'")?.n);
    expect(audit).toBe(1);
  });
});

describe('an app one protocol version behind the gateway', () => {
  it('keeps syncing; one two versions behind is told to upgrade and keeps what waits', async () => {
    // Two behind the next gateway is one behind this one, which has no earlier version: its accounts wait with its cases.
    const twoBehind = await startSyncApp(gateway, { role: 'window', users: ['clerk'], engine: { protocolVersion: protocolVersion - 1 }, sendAccounts: false });
    const accounts = twoBehind.pendingCount();
    // The next release's gateway, rehearsed: it speaks one version more than these apps.
    await gateway.stopProcess();
    const next = await startGateway({ databaseUrl: gateway.databaseUrl, dataKey, env: { GATEWAY_PROTOCOL_VERSION: String(protocolVersion + 1) } });
    try {
      for (const app of [windowPc, backOffice, twoBehind]) routeThrough(app, next.url);
      const c = await acceptAndTransfer(windowPc, 'GJZ-SCJG-0003', '旧版本客户端');
      await drain(apps);
      await act(backOffice, 'reviewer', c.caseId, { action: 'review.claimed' });
      await healAndCheck(gateway, apps);
      expect((await centralEvents(gateway, c.caseId)).map((e) => e.type)).toEqual(['intake.accepted', 'case.transferred', 'review.claimed']);

      await acceptAndTransfer(twoBehind, 'GJZ-SCJG-0003', '过旧客户端');
      await expect(twoBehind.engine.syncNow()).rejects.toThrow(/已停用.*请升级一窗通客户端.*保留在本机/);
      const status = twoBehind.services.env.store.read((tx) => syncStatus(tx, twoBehind.engine.linkHealth, twoBehind.engine.retryAt));
      expect(accounts).toBeGreaterThan(0);
      expect(status).toMatchObject({ state: 'error', pending: accounts + 2 });
      expect(status.lastError?.code).toBe('PROTOCOL_UNSUPPORTED');
    } finally {
      await next.stop();
      await gateway.startProcess();
    }
  });
});
