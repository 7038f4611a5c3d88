/**
 * The fault matrix, processes killed (issue 17): the gateway SIGKILLed mid-batch and started
 * again; PostgreSQL restarted under a gateway mid-batch; an app (a real child process on its own
 * data folder) SIGKILLed mid-push and mid-pull. Mid-batch, the moment is taken from the fault
 * proxy: the kill comes as the batch is forwarded. Mid-pull, the child says when it is inside the
 * transaction storing a page and waits there, so the kill lands then on any machine. After each:
 * heal, drain, the four invariants.
 */
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DemoGateway } from '../../../scripts/sync-gateway.ts';
import { Transport } from '../../../src-main/services/sync/transport.ts';
import { acceptAndTransfer, as, centralEvents, closeSyncApp, startSyncApp, startTestGateway } from '../../helpers/sync.ts';
import { heal, healAndCheck, startFaultyApp, stopSyncTest, type FaultyApp } from '../../helpers/sync-faults.ts';
import { runSyncChild } from '../../helpers/sync-kill.ts';

let gateway: DemoGateway;
let windowPc: FaultyApp;
let backOffice: FaultyApp;
let apps: FaultyApp[];

beforeAll(async () => {
  gateway = await startTestGateway('onewindow-faults-proc-');
  windowPc = await startFaultyApp(gateway, 'window', { role: 'window', users: ['clerk'], timeoutMs: 10_000, deadlineMs: 30_000 });
  backOffice = await startFaultyApp(gateway, 'back office', { role: 'backoffice', users: ['reviewer'], timeoutMs: 10_000, deadlineMs: 30_000 });
  apps = [windowPc, backOffice];
}, 600_000);

afterAll(() => stopSyncTest(gateway, apps), 120_000);

beforeEach(() => heal(apps));

/** A case with `count` notes after its opening: `count` > 1,000 makes more than one push batch. */
async function caseWithNotes(a: FaultyApp, name: string, count: number): Promise<string> {
  const c = await acceptAndTransfer(a.app, 'GJZ-SCJG-0003', name);
  for (let i = 0; i < count; i++) await as(a.app, 'clerk', 'cases/addNote', { id: c.caseId, note: `${name} ${i + 1}` });
  return c.caseId;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the gateway and its database die mid-batch', () => {
  it('the gateway SIGKILLed while a batch is in its hands, then started again', async () => {
    const caseId = await caseWithNotes(windowPc, '网关被杀', 1020);
    windowPc.proxy.onForward('/v1/push', () => void sleep(30).then(() => gateway.stopProcess('SIGKILL')));
    await expect(windowPc.engine.syncNow()).rejects.toThrow();
    await gateway.stopProcess();
    await gateway.startProcess();
    await healAndCheck(gateway, apps, 12);
    expect((await centralEvents(gateway, caseId)).length).toBe(1022);
  });

  it('PostgreSQL restarted under the gateway while a batch is in its hands', async () => {
    const caseId = await caseWithNotes(windowPc, '数据库重启', 1020);
    let restarted: Promise<void> = Promise.resolve();
    windowPc.proxy.onForward('/v1/push', () => void (restarted = sleep(30).then(() => gateway.restartPostgres())));
    await windowPc.engine.syncNow().catch(() => undefined);
    await restarted;
    await healAndCheck(gateway, apps, 12);
    expect((await centralEvents(gateway, caseId)).length).toBe(1022);
  });
});

/** Opens a killed child's data folder in this process again, behind the same proxy. */
async function reopen(a: FaultyApp, role: 'window' | 'backoffice', user: string): Promise<FaultyApp> {
  const transport = new Transport({ timeoutMs: 10_000, deadlineMs: 30_000 });
  const app = await startSyncApp(gateway, { dataDir: a.app.dataDir, register: false, role, users: [user], engine: { transport } });
  const reopened: FaultyApp = { ...a, app, services: app.services, engine: app.engine };
  apps[apps.indexOf(a)] = reopened;
  return reopened;
}

describe('an app killed mid-sync', () => {
  it('killed mid-push: the batch in flight is answered as duplicates when the app comes back; nothing lost or doubled', async () => {
    let other = await startFaultyApp(gateway, 'second window', { role: 'window', users: ['clerk'] });
    apps.push(other);
    const caseId = await caseWithNotes(other, '推送中被杀', 1020);
    await closeSyncApp(other.app);
    const child = runSyncChild(other.app.dataDir);
    other.proxy.onForward('/v1/push', () => void sleep(Math.floor(Math.random() * 60)).then(() => child.kill()));
    const { signal, output } = await child.exited;
    expect(signal, output).toBe('SIGKILL');
    expect(output).not.toMatch(/done/);

    other = await reopen(other, 'window', 'clerk');
    expect(other.app.pendingCount()).toBeGreaterThan(0);
    await healAndCheck(gateway, apps, 12);
    expect((await centralEvents(gateway, caseId)).length).toBe(1022);
  });

  it('killed mid-pull on its first sync: every saved page is whole, and it resumes from its cursor', async () => {
    // Its accounts stay queued, so the child's sync is its first: the accounts, then the whole feed.
    let fresh = await startFaultyApp(gateway, 'new back office', { role: 'backoffice', users: ['reviewer'], sendAccounts: false });
    apps.push(fresh);
    await closeSyncApp(fresh.app);
    // The kill lands inside the transaction that stores the second page: its events and cases
    // written and its cursor set, nothing of it committed. The child stops there until killed.
    const child = runSyncChild(fresh.app.dataDir, ['--stop-in-page', '2']);
    await child.said('page 2 stored, not committed');
    child.kill();
    const { signal, output } = await child.exited;
    expect(signal, output).toBe('SIGKILL');

    fresh = await reopen(fresh, 'backoffice', 'reviewer');
    const saved = fresh.services.env.store.read((tx) => ({
      cursor: tx.get<{ cursor: string | null }>('SELECT cursor FROM sync_link')?.cursor ?? null,
      ordered: tx.get<{ n: number }>('SELECT count(*) AS n FROM case_event_order')?.n ?? 0,
    }));
    expect(saved.cursor).not.toBeNull();
    // The first page of 1000 feed rows (a few dozen of them the centre's accounts), none of the second.
    expect(saved.ordered).toBeGreaterThanOrEqual(900);
    expect(saved.ordered).toBeLessThanOrEqual(1000);
    // It goes on from its cursor: what it pulls now is exactly what the saved pages did not hold.
    const central = await centralCount();
    expect((await fresh.engine.syncNow()).pulledEvents).toBe(central - saved.ordered);
    await healAndCheck(gateway, apps, 12);
  });
});

async function centralCount(): Promise<number> {
  const client = new pg.Client({ connectionString: gateway.databaseUrl });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM central_event')).rows[0]?.n);
  } finally {
    await client.end();
  }
}
