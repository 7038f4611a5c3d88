/**
 * A real case pulled from the centre always keeps its number (docs/sync.md "Demo data"). Two
 * demo-seeded PCs, a real gateway on a real PostgreSQL: a window PC never registered takes a
 * real case the morning it was seeded (its window's demo code W01, sequence 1), then registers
 * and sends it. The back office was seeded the next day by a release that numbered its demo
 * history under the windows' own codes, so a demo case there holds the same number. Its pull
 * stores the real case under that number and gives the demo case a number under the code kept
 * for renumbered demo cases; nothing else changes. A real case of this PC holding the number
 * (a second unregistered window that numbered its own case the same way) is not changed: the
 * pull stops with a Chinese message naming the number, and both cases stay as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoGateway } from '../../../scripts/sync-gateway.ts';
import { parseCaseNumber } from '../../../src-main/domain/cases/case-number.ts';
import { bootServices } from '../../../src-main/host/boot.ts';
import { seedDemo } from '../../../src-main/services/demo/seed.ts';
import { syncStatus } from '../../../src-main/services/sync/status.ts';
import { acceptAndTransfer, startSyncApp, startTestGateway, stopAllSyncApps, syncTempDir, type SyncApp } from '../../helpers/sync.ts';

/** A clock that starts at `iso` and runs. */
const clockFrom = (iso: string) => {
  const offset = Date.parse(iso) - Date.now();
  return () => new Date(Date.now() + offset);
};
// 06:00 in China on Thursday 3 December 2026, before the demo hall's first intake of the day (09:05 at the earliest).
const windowMorning = '2026-12-02T22:00:00.000Z';
// Noon in China the next day: the back office's demo history holds the whole of 3 December.
const backOfficeNextDay = '2026-12-04T04:00:00.000Z';

let gateway: DemoGateway;
let backOffice: SyncApp;

interface Row {
  id: string;
  case_number: string;
  is_demo: number;
}
const caseRows = (app: SyncApp) => app.services.env.store.read((tx) => tx.all<Row>('SELECT id, case_number, is_demo FROM case_record ORDER BY id'));
const eventCount = (app: SyncApp, caseId: string) =>
  app.services.env.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM case_event WHERE case_id = ?', caseId))?.n ?? -1;

beforeAll(async () => {
  gateway = await startTestGateway('onewindow-sync-clash-');
  const clock = clockFrom(backOfficeNextDay);
  const dataDir = syncTempDir('onewindow-sync-backoffice-');
  // Seeded as releases before demo codes were kept did it: the history numbered under W01–W04.
  const seeding = bootServices({ dataDir, appVersion: 'test', clock, seedDemoIfEmpty: false });
  try {
    seedDemo(seeding.env, { now: clock(), historyDeviceCodes: ['W01', 'W02', 'W03', 'W04'] });
  } finally {
    seeding.close();
  }
  backOffice = await startSyncApp(gateway, { role: 'backoffice', users: ['reviewer'], dataDir, clock });
}, 600_000);

afterAll(async () => {
  await stopAllSyncApps();
  await gateway?.stop();
}, 120_000);

describe('a pulled real case whose number a demo case holds here', () => {
  it('is stored under its number; the demo case takes a new one and nothing else changes', async () => {
    const windowPc = await startSyncApp(gateway, { role: 'window', users: ['clerk'], register: false, clock: clockFrom(windowMorning) });
    const real = await acceptAndTransfer(windowPc, 'GJZ-SCJG-0001', '真实申请人');
    expect(parseCaseNumber(real.caseNumber)).toMatchObject({ ok: true, regionCode: '210211', date: '2026-12-03', deviceCode: 'W01', sequence: 1 });
    const before = caseRows(backOffice);
    const demo = before.find((r) => r.case_number === real.caseNumber);
    expect(demo?.is_demo).toBe(1);
    const demoEvents = eventCount(backOffice, demo?.id ?? '');

    await windowPc.register(await gateway.issueCode('210211', 'window'));
    expect(await windowPc.engine.syncNow()).toMatchObject({ rejected: 0 });
    await backOffice.engine.syncNow();

    const after = caseRows(backOffice);
    expect(after.find((r) => r.id === real.caseId)).toEqual({ id: real.caseId, case_number: real.caseNumber, is_demo: 0 });
    const renumbered = after.find((r) => r.id === demo?.id);
    expect(renumbered?.is_demo).toBe(1);
    // Same 区划 and day, the code kept for renumbered demo cases, its first sequence, a valid check character.
    expect(parseCaseNumber(renumbered?.case_number ?? '')).toMatchObject({ ok: true, regionCode: '210211', date: '2026-12-03', deviceCode: 'ZD0', sequence: 1 });
    expect(eventCount(backOffice, demo?.id ?? '')).toBe(demoEvents);
    // Every other case as it was; the only new one is the real case.
    expect(after.filter((r) => r.id !== real.caseId && r.id !== demo?.id)).toEqual(before.filter((r) => r.id !== demo?.id));
    expect(backOffice.services.env.store.read((tx) => syncStatus(tx, backOffice.engine.linkHealth, backOffice.engine.retryAt).lastError)).toBeNull();
    // The back office goes on: the next cycle has nothing to store and no error.
    await backOffice.engine.syncNow();
  });
});

describe('a pulled real case whose number a real case of this PC holds', () => {
  it('stops the pull with a Chinese message naming the number, and changes neither case', async () => {
    const secondWindow = await startSyncApp(gateway, { role: 'window', users: ['clerk'], register: false, clock: clockFrom(windowMorning) });
    const own = await acceptAndTransfer(secondWindow, 'GJZ-SCJG-0001', '另一位申请人');
    const central = backOffice.services.env.store.read((tx) => tx.get<Row>('SELECT id, case_number, is_demo FROM case_record WHERE case_number = ?', own.caseNumber));
    expect(central?.is_demo).toBe(0);

    await secondWindow.register(await gateway.issueCode('210211', 'window'));
    await expect(secondWindow.engine.syncNow()).rejects.toThrow(`中心平台的办件 ${own.caseNumber} 与本机受理的另一个办件编号相同`);

    const status = secondWindow.services.env.store.read((tx) => syncStatus(tx, secondWindow.engine.linkHealth, secondWindow.engine.retryAt));
    expect(status.state).toBe('error');
    expect(status.lastError).toMatchObject({ code: 'CASE_NUMBER_CLASH', message: expect.stringContaining('联系信息中心') });
    const rows = caseRows(secondWindow);
    expect(rows.find((r) => r.id === own.caseId)).toEqual({ id: own.caseId, case_number: own.caseNumber, is_demo: 0 });
    expect(rows.some((r) => r.id === central?.id)).toBe(false);
    // The gateway refused this PC's case, and said why, on the same page.
    const refused = secondWindow.services.env.store.read((tx) =>
      tx.get<{ state: string; last_error: string }>("SELECT o.state, o.last_error FROM outbox o JOIN case_event e ON e.id = o.message_id WHERE e.case_id = ? AND e.seq = 1", own.caseId),
    );
    expect(refused).toMatchObject({ state: 'failed', last_error: expect.stringContaining(`办件编号 ${own.caseNumber} 已被另一个办件使用`) });
  });
});
