import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dueLogDates, retryDelayMinutes } from '../../../src-main/domain/exports/schedule.ts';
import { bootServices } from '../../../src-main/host/boot.ts';
import { ExportScheduler, scheduleKeys, scheduleView } from '../../../src-main/services/exports/scheduler.ts';
import { writeSetting } from '../../../src-main/services/settings/settings.ts';
import { loginAs } from '../../helpers/services.ts';
import { useFileTempDir } from '../../helpers/temp.ts';

const schedDir = useFileTempDir('onewindow-sched-');
const shareDir = useFileTempDir('onewindow-share-');

describe('when the scheduled export is due', () => {
  it('the previous day after the configured China time; missed days are caught up, at most a week', () => {
    const at = (iso: string) => new Date(iso);
    expect(dueLogDates(at('2026-11-26T09:59:00Z'), '18:00', '2026-11-24')).toEqual([]); // 17:59 in China
    expect(dueLogDates(at('2026-11-26T10:00:00Z'), '18:00', '2026-11-24')).toEqual(['2026-11-25']);
    expect(dueLogDates(at('2026-11-26T10:00:00Z'), '18:00', '2026-11-25')).toEqual([]);
    expect(dueLogDates(at('2026-11-26T10:00:00Z'), '18:00', '2026-11-21')).toEqual(['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25']);
    expect(dueLogDates(at('2026-11-26T10:00:00Z'), '18:00', '2026-10-01')).toHaveLength(7);
    expect(dueLogDates(at('2026-11-26T10:00:00Z'), '18:00', null)).toEqual(['2026-11-25']);
    expect(dueLogDates(at('2026-11-25T23:30:00Z'), '07:00', '2026-11-24')).toEqual(['2026-11-25']); // 07:30 on the 26th in China
  });

  it('backs off after failures: 5, 10, 20, 40, then 60 minutes', () => {
    expect([1, 2, 3, 4, 5, 9].map(retryDelayMinutes)).toEqual([5, 10, 20, 40, 60, 60]);
  });
});

describe('the scheduler on a real store and real folders', () => {
  it('writes the days missed while closed at the next start, reports a failing folder and retries it', async () => {
    let now = new Date('2026-11-26T10:00:00Z');
    const services = bootServices({ dataDir: schedDir(), appVersion: 'test', clock: () => now });
    try {
      const share = shareDir();
      const token = await loginAs(services, 'supervisor');
      const bad = await services.dispatcher.call('exports/setSchedule', { enabled: true, time: '8:00', folder: share }, token);
      expect(bad.ok ? null : bad.error.message).toContain('时间格式应为');
      const missing = await services.dispatcher.call('exports/setSchedule', { enabled: true, time: '08:00', folder: join(share, 'nope') }, token);
      expect(missing.ok ? null : missing.error).toMatchObject({ code: 'VALIDATION', field: 'folder' });
      const set = await services.dispatcher.call('exports/setSchedule', { enabled: true, time: '08:00', folder: share }, token);
      expect(set.ok).toBe(true);
      // The app was last running on the 23rd: the 24th and the 25th were missed.
      services.env.store.write({ actor: { userId: null, role: null }, deviceId: services.env.deviceId }, (tx) => writeSetting(tx, scheduleKeys.lastSuccess, '2026-11-23'));

      const runs = await new ExportScheduler(services.env).tick();
      expect(runs.map((r) => [r.logDate, r.outcome])).toEqual([['2026-11-24', 'ok'], ['2026-11-25', 'ok']]);
      expect(readdirSync(share).sort()).toEqual(
        ['2026-11-24', '2026-11-25'].flatMap((d) => ['csv', 'pdf', 'xlsx'].map((f) => `综合窗口工作日志_${d}.${f}`)).sort(),
      );
      expect(services.env.store.read((tx) => scheduleView(tx).lastSuccessDate)).toBe('2026-11-25');
      expect(await new ExportScheduler(services.env).tick()).toEqual([]); // nothing more due today

      // The next day the share is gone.
      const gone = join(share, 'unmounted');
      services.env.store.write({ actor: { userId: null, role: null }, deviceId: services.env.deviceId }, (tx) => writeSetting(tx, scheduleKeys.folder, gone));
      now = new Date('2026-11-27T01:00:00Z');
      const scheduler = new ExportScheduler(services.env);
      const failed = await scheduler.tick();
      expect(failed.map((r) => r.outcome)).toEqual(['failed']);
      // What the supervisor's banner reads (exports/schedule).
      const failing = services.env.store.read((tx) => scheduleView(tx).failing);
      expect(failing?.message).toContain('不存在或网络共享未连接');
      expect(failing?.logDate).toBe('2026-11-26');
      now = new Date('2026-11-27T01:02:00Z');
      expect(await scheduler.tick()).toEqual([]); // waiting out the back-off
      mkdirSync(gone);
      now = new Date('2026-11-27T01:06:00Z');
      const retried = await scheduler.tick();
      expect(retried.map((r) => [r.outcome, r.attempt])).toEqual([['ok', 2]]);
      expect(services.env.store.read((tx) => scheduleView(tx).failing)).toBeNull();
      expect(readdirSync(gone).filter((f) => f.endsWith('.part'))).toEqual([]);
      expect(existsSync(join(gone, '综合窗口工作日志_2026-11-26.xlsx'))).toBe(true);
      const audited = services.env.store.read((tx) => tx.get<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'export.scheduled' AND outcome = 'ok'")?.n);
      expect(audited).toBe(9);
    } finally {
      services.close();
    }
  });
});
