/**
 * The fault matrix, network family (issue 17): a window and two back offices, each reaching one
 * real gateway (its own embedded PostgreSQL) through a fault proxy of its own. After each fault
 * the network heals, every queue drains, and the same four invariants are checked
 * (tests/helpers/sync-invariants.ts).
 */
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DemoGateway } from '../../../scripts/sync-gateway.ts';
import { acceptAndTransfer, as, centralEvents, startTestGateway } from '../../helpers/sync.ts';
import { heal, healAndCheck, startFaultyApp, stopSyncTest, type FaultyApp } from '../../helpers/sync-faults.ts';
import { checkInvariants, drain } from '../../helpers/sync-invariants.ts';

let gateway: DemoGateway;
let windowPc: FaultyApp;
let backOffice: FaultyApp;
let apps: FaultyApp[];

beforeAll(async () => {
  gateway = await startTestGateway('onewindow-faults-net-');
  windowPc = await startFaultyApp(gateway, 'window', { role: 'window', users: ['clerk'] });
  backOffice = await startFaultyApp(gateway, 'back office', { role: 'backoffice', users: ['reviewer'] });
  apps = [windowPc, backOffice];
}, 600_000);

afterAll(() => stopSyncTest(gateway, apps), 120_000);

beforeEach(() => heal(apps));

async function twoCases(name: string) {
  return [await acceptAndTransfer(windowPc.app, 'GJZ-SCJG-0003', `${name}一`), await acceptAndTransfer(windowPc.app, 'GJZ-SCJG-0003', `${name}二`)];
}

describe('network faults on the push', () => {
  it('the acknowledgement lost after the gateway committed: the retry is answered as duplicates, nothing stored twice', async () => {
    const cases = await twoCases('丢失应答');
    windowPc.proxy.inject({ fault: { kind: 'lose-response' }, pathPrefix: '/v1/push' });
    await expect(windowPc.engine.syncNow()).rejects.toThrow(/连接中断|通信失败/);
    // The gateway committed the batch although the window never heard so.
    expect((await centralEvents(gateway, cases[0]!.caseId)).length).toBe(2);
    expect(windowPc.app.pendingCount()).toBe(4);
    await healAndCheck(gateway, apps);
  });

  it('the connection reset mid-batch, before the gateway saw the whole request', async () => {
    await twoCases('中途断开');
    windowPc.proxy.inject({ fault: { kind: 'reset-request', afterBytes: 500 }, pathPrefix: '/v1/push' });
    await expect(windowPc.engine.syncNow()).rejects.toThrow();
    expect(windowPc.app.pendingCount()).toBe(4);
    await healAndCheck(gateway, apps);
  });

  it('the push answer cut off mid-JSON', async () => {
    await twoCases('应答截断');
    windowPc.proxy.inject({ fault: { kind: 'truncate-response', bytes: 120 }, pathPrefix: '/v1/push' });
    await expect(windowPc.engine.syncNow()).rejects.toThrow();
    expect(windowPc.app.pendingCount()).toBe(4);
    await healAndCheck(gateway, apps);
  });

  it('30 s of latency: the client gives up at its deadline, retries, and the late original arrives as duplicates', async () => {
    const cases = await twoCases('高延迟');
    windowPc.proxy.inject({ fault: { kind: 'latency', ms: 30_000 }, pathPrefix: '/v1/push' });
    const started = Date.now();
    await expect(windowPc.engine.syncNow()).rejects.toThrow(/秒内没有应答/);
    expect(Date.now() - started).toBeLessThan(10_000);
    await healAndCheck(gateway, apps);
    expect((await centralEvents(gateway, cases[1]!.caseId)).length).toBe(2);
  });

  it('a request delivered late, after its retry (reordered): the stale copy changes nothing', async () => {
    const cases = await twoCases('乱序到达');
    windowPc.proxy.inject({ fault: { kind: 'deliver-late', ms: 1500 }, pathPrefix: '/v1/push' });
    await expect(windowPc.engine.syncNow()).rejects.toThrow();
    await healAndCheck(gateway, apps);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await healAndCheck(gateway, apps);
    expect((await centralEvents(gateway, cases[0]!.caseId)).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('a request delivered twice by the network', async () => {
    await twoCases('重复投递');
    windowPc.proxy.inject({ fault: { kind: 'duplicate' }, pathPrefix: '/v1/push' });
    expect(await windowPc.engine.syncNow()).toMatchObject({ pushed: 4, rejected: 0 });
    await healAndCheck(gateway, apps);
  });
});

describe('network faults on the pull', () => {
  it('a pulled page cut off mid-JSON is not applied and is pulled again', async () => {
    await twoCases('拉取截断');
    await windowPc.engine.syncNow();
    backOffice.proxy.inject({ fault: { kind: 'truncate-response', bytes: 300 }, pathPrefix: '/v1/pull' });
    await expect(backOffice.engine.syncNow()).rejects.toThrow(/无法识别|中断|通信失败/);
    await healAndCheck(gateway, apps);
  });

  it('a slow trickle completes; one slower than the deadline is cut and retried', async () => {
    await twoCases('慢速');
    await windowPc.engine.syncNow();
    backOffice.proxy.inject({ fault: { kind: 'trickle', bytesPerTick: 2048, tickMs: 20 }, pathPrefix: '/v1/pull' });
    await backOffice.engine.syncNow();
    await twoCases('极慢');
    await windowPc.engine.syncNow();
    // Never silent for the idle timeout, but far slower than the whole-call deadline.
    backOffice.proxy.inject({ fault: { kind: 'trickle', bytesPerTick: 16, tickMs: 500 }, pathPrefix: '/v1/pull' });
    const started = Date.now();
    await expect(backOffice.engine.syncNow()).rejects.toThrow(/应答太慢/);
    expect(Date.now() - started).toBeLessThan(10_000);
    await healAndCheck(gateway, apps);
  }, 60_000);

  it('an event numbered after a gap (its own claim comes back as 4 before the window pulled 3) shows on top until the gap fills', async () => {
    const [c] = await twoCases('编号空缺');
    await drain(apps);
    await as(backOffice.app, 'reviewer', 'cases/act', { caseId: c!.caseId, act: { action: 'review.claimed' } });
    await backOffice.engine.syncNow();
    // The window adds a note while its pulls fail: the gateway numbers it 4, the window has not seen 3.
    await as(windowPc.app, 'clerk', 'cases/addNote', { id: c!.caseId, note: '申请人来电询问进度' });
    windowPc.proxy.inject({ fault: { kind: 'status', status: 503, retryAfterSeconds: 1 }, pathPrefix: '/v1/pull', times: Infinity });
    await expect(windowPc.engine.syncNow()).rejects.toThrow(/暂时/);
    const seq = windowPc.services.env.store.read((tx) => tx.all<{ central_seq: number }>('SELECT central_seq FROM case_event_order WHERE case_id = ? ORDER BY central_seq', c!.caseId)).map((r) => r.central_seq);
    expect(seq).toEqual([1, 2, 4]);
    await healAndCheck(gateway, apps);
  });
});

describe('pulled pages and the power', () => {
  it('pulled pages commit without waiting for their fsync, and are made durable before the next push leaves the PC', async () => {
    const [c] = await twoCases('页面落盘');
    await windowPc.engine.syncNow();
    const checkpointer = backOffice.services.env.store.checkpointer;
    checkpointer.makeDurable();
    // No checkpoint in between (it would sync them too): as when the next push follows at once.
    const release = checkpointer.hold();
    try {
      await backOffice.engine.syncNow();
      // A power cut now may lose these pages, with their cursor: the pull asks for them again.
      expect(checkpointer.owesSync).toBe(true);
      await as(backOffice.app, 'reviewer', 'cases/act', { caseId: c!.caseId, act: { action: 'review.claimed' } });
      // What the push carries (the audit chain's head, numbers from pulled pages) must not be rolled back after the gateway saw it.
      const owedWhenPushed: boolean[] = [];
      backOffice.proxy.onForward('/v1/push', () => owedWhenPushed.push(checkpointer.owesSync));
      await backOffice.engine.syncNow();
      expect(owedWhenPushed).toEqual([false]);
    } finally {
      release();
    }
    expect((await centralEvents(gateway, c!.caseId)).map((e) => e.type)).toContain('review.claimed');
    await healAndCheck(gateway, apps);
  });
});

describe('the invariant checks themselves', () => {
  /** Breaks one thing, expects the checks to fail naming it, then puts it back. */
  async function expectCaught(pattern: RegExp, breakIt: () => Promise<void> | void, repair: () => Promise<void> | void): Promise<void> {
    await breakIt();
    await expect(checkInvariants(gateway.databaseUrl, apps)).rejects.toThrow(pattern);
    await repair();
    await checkInvariants(gateway.databaseUrl, apps);
  }

  it('catch a write missing at the gateway, a projection that differs and a stuck queue', async () => {
    const [c] = await twoCases('自检');
    await healAndCheck(gateway, apps);
    const env = windowPc.services.env;
    const write = (sql: string, ...params: (string | number | null)[]) => env.store.write({ actor: { userId: null, role: null }, deviceId: env.deviceId }, (tx) => tx.run(sql, ...params));
    const events = await centralEvents(gateway, c!.caseId);
    const last = events.at(-1)!;

    // (1) the gateway lost an acknowledged write.
    const saved = await gatewayRows(`SELECT * FROM central_event WHERE id = '${last.id}'`);
    await expectCaught(/exactly once/, () => gatewayExec(`DELETE FROM central_event WHERE id = '${last.id}'`), () => gatewayInsert('central_event', saved));
    // (2) the window shows another status than the gateway.
    const status = env.store.read((tx) => tx.get<{ status: string }>('SELECT status FROM case_record WHERE id = ?', c!.caseId)?.status ?? '');
    await expectCaught(/list columns/, () => void write("UPDATE case_record SET status = 'decided' WHERE id = ?", c!.caseId), () => void write('UPDATE case_record SET status = ? WHERE id = ?', status, c!.caseId));
    // (3) a message left waiting.
    await expectCaught(/still waiting/, () => void write("INSERT INTO outbox (message_id, kind, aggregate_type, aggregate_id, payload, created_at) VALUES (?, 'case.event', 'case', ?, NULL, ?)", last.id, c!.caseId, new Date().toISOString()), () => void write('DELETE FROM outbox WHERE message_id = ?', last.id));
  });
});

async function gatewayRows(sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: gateway.databaseUrl });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function gatewayExec(sql: string): Promise<void> {
  await gatewayRows(sql);
}

async function gatewayInsert(table: string, rows: Record<string, unknown>[]): Promise<void> {
  const client = new pg.Client({ connectionString: gateway.databaseUrl });
  await client.connect();
  try {
    for (const row of rows) {
      const keys = Object.keys(row);
      await client.query(`INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')})`, keys.map((k) => row[k]));
    }
  } finally {
    await client.end();
  }
}
