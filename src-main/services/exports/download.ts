import { rm } from 'node:fs/promises';
import type { ExportFileView } from '../../domain/api/views.ts';
import { mayExportFullPersonalData } from '../../domain/auth/personal-data.ts';
import { AppError } from '../../domain/errors.ts';
import type { ExportFormat } from '../../domain/exports/formats.ts';
import { assertCentreScope, scopeOf } from '../access/case-scope.ts';
import type { ServiceEnv } from '../env.ts';
import { stageDownload } from './downloads.ts';
import { exportMimeTypes, writeExport } from './export.ts';
import type { StaffActor } from '../../domain/auth/actor.ts';

export interface DownloadRequest {
  from: string;
  to: string;
  format: ExportFormat;
  fullPersonalData: boolean;
}

/**
 * The file is written where the hand-over takes it from (downloads.ts) and only its id comes
 * back: browser mode streams it at /download/<id>, the Electron shell saves it where the
 * supervisor says. The bytes never go through the API's JSON nor the renderer, and the staged
 * copy is removed once handed over (or after ten minutes untaken).
 */
export async function exportForDownload(env: ServiceEnv, actor: StaffActor, request: DownloadRequest): Promise<ExportFileView> {
  const { from, to, format, fullPersonalData } = request;
  env.store.read((tx) => assertCentreScope(scopeOf(tx, actor)));
  if (fullPersonalData && !mayExportFullPersonalData(actor.role)) {
    throw new AppError('FORBIDDEN', '您的角色无权导出完整证件号码，请导出脱敏版本。', { field: 'fullPersonalData' });
  }
  const staged = await stageDownload(env.dataDir);
  try {
    const result = await writeExport(env, { format, from, to, actor, full: fullPersonalData, folder: staged.folder });
    return { fileName: result.fileName, mimeType: exportMimeTypes[format], downloadId: staged.id, rows: result.rows, masked: result.masked };
  } catch (error) {
    await rm(staged.folder, { recursive: true, force: true });
    throw error;
  }
}
