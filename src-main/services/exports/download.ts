import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportFileView } from '../../domain/api/views.ts';
import { mayExportFullPersonalData } from '../../domain/auth/personal-data.ts';
import { AppError } from '../../domain/errors.ts';
import type { ExportFormat } from '../../domain/exports/formats.ts';
import { assertCentreScope, scopeOf } from '../access/case-scope.ts';
import type { ServiceEnv } from '../env.ts';
import { exportMimeTypes, writeExport } from './export.ts';
import type { StaffActor } from '../../domain/auth/actor.ts';

export interface DownloadRequest {
  from: string;
  to: string;
  format: ExportFormat;
  fullPersonalData: boolean;
}

/**
 * The file is made in main and handed back whole: the renderer downloads it (browser mode) or
 * Electron shows its save dialog for the download. It never lingers on this PC's disk.
 */
export async function exportForDownload(env: ServiceEnv, actor: StaffActor, request: DownloadRequest): Promise<ExportFileView> {
  const { from, to, format, fullPersonalData } = request;
  env.store.read((tx) => assertCentreScope(scopeOf(tx, actor)));
  if (fullPersonalData && !mayExportFullPersonalData(actor.role)) {
    throw new AppError('FORBIDDEN', '您的角色无权导出完整证件号码，请导出脱敏版本。', { field: 'fullPersonalData' });
  }
  const folder = await mkdtemp(join(tmpdir(), 'onewindow-export-'));
  try {
    const result = await writeExport(env, { format, from, to, actor, full: fullPersonalData, folder });
    const bytes = await readFile(result.filePath);
    return { fileName: result.fileName, mimeType: exportMimeTypes[format], dataBase64: bytes.toString('base64'), rows: result.rows, masked: result.masked };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
