import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServiceEnv } from '../env.ts';
import type { Role } from '../../domain/auth/roles.ts';
import { AppError } from '../../domain/errors.ts';
import { chinaDateTimeText } from '../../domain/exports/columns.ts';
import { logTables, summaryLines, type ReportMeta } from '../../domain/exports/tables.ts';
import { chinaDayBounds } from '../../domain/stats/figures.ts';
import { dateInChina } from '../../domain/time/iso-date.ts';
import { readSetting } from '../settings/settings.ts';
import { dailyLog } from '../stats/daily-log.ts';
import { caseRowStream } from './case-rows.ts';
import { writeCsv } from './csv.ts';
import type { ExportFormat } from '../../domain/exports/formats.ts';
import { findCjkFont } from './fonts.ts';

export const exportMimeTypes: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};

export interface ExportRequest {
  format: ExportFormat;
  from: string;
  to: string;
  /** Who exports: a person (from the session) or the scheduler (userId null). */
  actor: { userId: string | null; role: Role | null };
  /** Full ID numbers and phones; the caller has checked mayExportFullPersonalData. */
  full: boolean;
  folder: string;
  scheduled?: boolean;
}

export interface ExportResult {
  filePath: string;
  fileName: string;
  rows: number;
  masked: boolean;
}

/** Rows per page read from the store: small enough to stay in memory, large enough to be quick. */
const pageSize = 2_000;

/**
 * A file with full ID numbers is named so, and never the same as the masked file of that range:
 * neither overwrites the other in a downloads folder, and whoever finds it knows what it holds.
 */
export function exportFileName(format: ExportFormat, from: string, to: string, full = false): string {
  return `综合窗口工作日志_${from === to ? from : `${from}_至_${to}`}${full ? '_完整证件号' : ''}.${format}`;
}

function describeFailure(error: unknown, folder: string): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return `导出文件夹“${folder}”不存在或网络共享未连接。请检查文件夹路径和网络连接。`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `没有写入导出文件夹“${folder}”的权限。请联系管理员授予写权限，或在设置中更换文件夹。`;
  if (code === 'ENOSPC' || code === 'EDQUOT') return `导出文件夹“${folder}”所在磁盘已满。请清理空间后重试。`;
  if (error instanceof AppError) return error.message;
  return `写入导出文件失败：${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Writes one export of the daily log into `folder`: first under a hidden temporary name, then
 * renamed, so a reader of the folder (a network share) never sees a half-written file. Every
 * export, done or failed, is one audit row: who, which range, how many rows, masked or not.
 */
export async function writeExport(env: ServiceEnv, request: ExportRequest): Promise<ExportResult> {
  const now = env.clock();
  const today = dateInChina(now);
  const fileName = exportFileName(request.format, request.from, request.to, request.full);
  const filePath = join(request.folder, fileName);
  const partPath = join(request.folder, `.${fileName}.${randomBytes(4).toString('hex')}.part`);
  const masked = !request.full;
  const range = { from: request.from, to: request.to };
  const audit = (outcome: 'ok' | 'failed', detail: Record<string, unknown>) =>
    env.store.write({ actor: request.actor, deviceId: env.deviceId, now: env.clock() }, (tx) =>
      tx.audit({ action: request.scheduled ? 'export.scheduled' : 'export.write', target: fileName, outcome, detail: { format: request.format, ...range, masked, ...detail } }),
    );
  try {
    const { meta, log } = env.store.read((tx) => {
      const centre = tx.get<{ name: string }>('SELECT name FROM centre ORDER BY rowid LIMIT 1')?.name ?? '政务服务中心';
      const user = request.actor.userId ? tx.get<{ display_name: string }>('SELECT display_name FROM app_user WHERE id = ?', request.actor.userId)?.display_name : null;
      const bounds = chinaDayBounds(range.from, range.to);
      const rowCount = tx.get<{ n: number }>('SELECT count(*) AS n FROM case_record WHERE created_at >= ? AND created_at < ?', bounds.start, bounds.end)?.n ?? 0;
      const meta: ReportMeta = { centreName: centre, ...range, generatedAt: chinaDateTimeText(now.toISOString()), generatedBy: user ?? '定时导出（系统）', masked, rowCount };
      return { meta, log: dailyLog(tx, range, today) };
    });
    const tables = logTables(log);
    const cases = caseRowStream(env.store, range, { full: request.full, today, pageSize });
    let rows: number;
    // The workbook and PDF writers (pdfkit the largest) are loaded on the first export, not when
    // the service thread starts: no login screen waits for them.
    if (request.format === 'xlsx') {
      const { writeXlsx } = await import('./xlsx.ts');
      rows = await writeXlsx(partPath, { summary: summaryLines(log, meta), tables, cases });
    } else if (request.format === 'csv') rows = await writeCsv(partPath, cases);
    else {
      const font = findCjkFont(env.store.read((tx) => readSetting(tx, 'export.pdfFontPath')));
      const { writePdf } = await import('./pdf.ts');
      rows = await writePdf(partPath, font, { meta, log, tables, cases });
    }
    await rename(partPath, filePath);
    audit('ok', { rows });
    return { filePath, fileName, rows, masked };
  } catch (error) {
    await rm(partPath, { force: true }).catch(() => undefined);
    const message = describeFailure(error, request.folder);
    audit('failed', { error: message });
    throw error instanceof AppError ? error : new AppError('EXPORT_FAILED', message, { cause: error });
  }
}
