import type { DailyLog } from '../../stats/daily-log.ts';

/** What stats/* and exports/* return: the daily log (日志/台账) and its files. */

/** The daily log of a range: figures by window, clerk, matter and department, trend, ratings. */
export type DailyLogView = DailyLog;

export interface ExportFileView {
  fileName: string;
  mimeType: string;
  /** Single use: browser mode serves the file at /download/<id>; the Electron shell saves it (saveDownload). */
  downloadId: string;
  rows: number;
  masked: boolean;
}

export interface ExportRunView {
  id: string;
  logDate: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: 'running' | 'ok' | 'failed';
  attempt: number;
  folder: string;
  files: string[];
  error: string | null;
  nextAttemptAt: string | null;
}

export interface ExportScheduleView {
  enabled: boolean;
  /** 'HH:MM', China time. */
  time: string;
  folder: string;
  lastSuccessDate: string | null;
  runs: ExportRunView[];
  /** The latest run failed: shown to the supervisor until a retry succeeds. */
  failing: { logDate: string; message: string; nextAttemptAt: string | null } | null;
}
