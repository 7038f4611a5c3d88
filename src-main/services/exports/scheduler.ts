import { randomUUID } from 'node:crypto';
import type { ServiceEnv } from '../env.ts';
import type { ExportRunView, ExportScheduleView } from '../../domain/api/views.ts';
import { dueLogDates, retryDelayMinutes } from '../../domain/exports/schedule.ts';
import { AppError } from '../../domain/errors.ts';
import type { ReadTx, WriteContext } from '../../store/store.ts';
import { readSetting, writeSetting } from '../settings/settings.ts';
import type { ExportFormat } from '../../domain/exports/formats.ts';
import { writeExport } from './export.ts';

export const scheduleKeys = {
  enabled: 'export.schedule.enabled',
  time: 'export.schedule.time',
  folder: 'export.schedule.folder',
  lastSuccess: 'export.schedule.lastSuccessDate',
} as const;

/** What a scheduled run writes: the workbook for filing, the PDF for printing, the CSV for other systems. */
export const scheduledFormats: readonly ExportFormat[] = ['xlsx', 'pdf', 'csv'];

interface RunRow {
  id: string;
  log_date: string;
  started_at: string;
  finished_at: string | null;
  outcome: 'running' | 'ok' | 'failed';
  attempt: number;
  folder: string;
  files: string | null;
  error: string | null;
  next_attempt_at: string | null;
}

function toRunView(r: RunRow): ExportRunView {
  return {
    id: r.id,
    logDate: r.log_date,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    outcome: r.outcome,
    attempt: r.attempt,
    folder: r.folder,
    files: r.files ? (JSON.parse(r.files) as string[]) : [],
    error: r.error,
    nextAttemptAt: r.next_attempt_at,
  };
}

export function scheduleView(tx: ReadTx): ExportScheduleView {
  const runs = tx.all<RunRow>('SELECT * FROM export_run ORDER BY started_at DESC LIMIT 20').map(toRunView);
  const latest = runs[0];
  return {
    enabled: readSetting(tx, scheduleKeys.enabled) === '1',
    time: readSetting(tx, scheduleKeys.time) ?? '18:00',
    folder: readSetting(tx, scheduleKeys.folder) ?? '',
    lastSuccessDate: readSetting(tx, scheduleKeys.lastSuccess),
    runs,
    failing: latest?.outcome === 'failed' ? { logDate: latest.logDate, message: latest.error ?? '导出失败', nextAttemptAt: latest.nextAttemptAt } : null,
  };
}

/**
 * The scheduled export, in the service thread. `tick` asks what is due (dueLogDates), waits out
 * the back-off after a failure, writes each due day's files (each under a temporary name, then
 * renamed), and records every attempt in export_run; the supervisor sees a failure on the daily
 * log screen until a retry succeeds. The clock is the services' clock, so tests drive it.
 */
export class ExportScheduler {
  private readonly env: ServiceEnv;
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<ExportRunView[]> | null = null;

  constructor(env: ServiceEnv) {
    this.env = env;
  }

  /** Checks at once (a run missed while the app was closed happens now), then every minute. */
  start(intervalMs = 60_000): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One check; overlapping checks share the one in progress. Resolves with the runs it made. */
  tick(): Promise<ExportRunView[]> {
    this.running ??= this.runDue().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runDue(): Promise<ExportRunView[]> {
    const now = this.env.clock();
    const state = this.env.store.read((tx) => ({ view: scheduleView(tx), failures: consecutiveFailures(tx) }));
    const { view } = state;
    if (!view.enabled || !view.folder) return [];
    if (view.failing?.nextAttemptAt && view.failing.nextAttemptAt > now.toISOString()) return [];
    const made: ExportRunView[] = [];
    for (const logDate of dueLogDates(now, view.time, view.lastSuccessDate)) {
      const run = await this.runOne(logDate, view.folder, state.failures + 1);
      made.push(run);
      if (run.outcome !== 'ok') break;
    }
    return made;
  }

  private async runOne(logDate: string, folder: string, attempt: number): Promise<ExportRunView> {
    const id = randomUUID();
    const system = () => ({ actor: { userId: null, role: null }, deviceId: this.env.deviceId, now: this.env.clock() });
    this.env.store.write(system(), (tx) =>
      tx.run("INSERT INTO export_run (id, log_date, started_at, outcome, attempt, folder) VALUES (?, ?, ?, 'running', ?, ?)", id, logDate, tx.now, attempt, folder),
    );
    const files: string[] = [];
    try {
      for (const format of scheduledFormats) {
        // Files on a share are read by others: personal data stays masked (mayExportFullPersonalData is a person's right).
        const result = await writeExport(this.env, { format, from: logDate, to: logDate, actor: { userId: null, role: null }, full: false, folder, scheduled: true });
        files.push(result.fileName);
      }
      this.env.store.write(system(), (tx) => {
        tx.run("UPDATE export_run SET outcome = 'ok', finished_at = ?, files = ? WHERE id = ?", tx.now, JSON.stringify(files), id);
        writeSetting(tx, scheduleKeys.lastSuccess, logDate);
      });
    } catch (error) {
      const message = error instanceof AppError ? error.message : `定时导出失败：${error instanceof Error ? error.message : String(error)}`;
      const next = new Date(this.env.clock().getTime() + retryDelayMinutes(attempt) * 60_000).toISOString();
      this.env.store.write(system(), (tx) =>
        tx.run("UPDATE export_run SET outcome = 'failed', finished_at = ?, files = ?, error = ?, next_attempt_at = ? WHERE id = ?", tx.now, JSON.stringify(files), message, next, id),
      );
    }
    return this.env.store.read((tx) => toRunView(tx.get<RunRow>('SELECT * FROM export_run WHERE id = ?', id) as RunRow));
  }
}

/** Failed runs since the last good one: the back-off grows with them. */
function consecutiveFailures(tx: ReadTx): number {
  const lastOk = tx.get<{ started_at: string }>("SELECT started_at FROM export_run WHERE outcome = 'ok' ORDER BY started_at DESC LIMIT 1")?.started_at ?? '';
  return tx.get<{ n: number }>("SELECT count(*) AS n FROM export_run WHERE outcome = 'failed' AND started_at > ?", lastOk)?.n ?? 0;
}

/**
 * A folder the scheduler can write to, checked when it is set: an absolute path to an existing
 * folder where a test file can be written and removed. Each problem says what to do.
 */
export async function checkExportFolder(folder: string): Promise<void> {
  const { isAbsolute, join } = await import('node:path');
  const { stat, writeFile, rm } = await import('node:fs/promises');
  const fail = (message: string) => new AppError('VALIDATION', message, { field: 'folder' });
  if (!isAbsolute(folder)) throw fail('请填写完整的文件夹路径，如 D:\\日志导出 或 \\\\服务器\\共享\\日志（网络共享）');
  const info = await stat(folder).catch(() => null);
  if (!info) throw fail(`文件夹“${folder}”不存在或网络共享未连接。请先创建该文件夹或连接共享后再保存。`);
  if (!info.isDirectory()) throw fail(`“${folder}”是一个文件，不是文件夹。请选择文件夹。`);
  const probe = join(folder, `.onewindow-write-test-${randomUUID()}`);
  try {
    await writeFile(probe, 'test');
  } catch {
    throw fail(`无法写入文件夹“${folder}”。请联系管理员授予写权限，或选择其他文件夹。`);
  } finally {
    await rm(probe, { force: true });
  }
}

/** The schedule as an admin or supervisor sets it: the folder checked first, the change on record. */
export async function saveSchedule(env: ServiceEnv, write: WriteContext, schedule: { enabled: boolean; time: string; folder: string }): Promise<ExportScheduleView> {
  const { enabled, time, folder } = schedule;
  if (folder !== '') await checkExportFolder(folder);
  return env.store.write(write, (tx) => {
    writeSetting(tx, scheduleKeys.enabled, enabled ? '1' : '0');
    writeSetting(tx, scheduleKeys.time, time);
    writeSetting(tx, scheduleKeys.folder, folder);
    tx.audit({ action: 'setting.change', target: 'export.schedule', detail: { enabled, time, folder } });
    return scheduleView(tx);
  });
}
