import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mayExportFullPersonalData } from '../../domain/auth/personal-data.ts';
import { AppError } from '../../domain/errors.ts';
import { dateInChina } from '../../domain/time/iso-date.ts';
import { exportMimeTypes, writeExport } from '../../services/exports/export.ts';
import { checkExportFolder, scheduleKeys, scheduleView } from '../../services/exports/scheduler.ts';
import { writeSetting } from '../../services/settings.ts';
import { dailyLog } from '../../services/stats/daily-log.ts';
import { assertCentreScope, scopeOf } from '../../services/access/case-scope.ts';
import { defineHandlers, sessionOf } from './types.ts';

export const exportHandlers = defineHandlers({
  'stats/dailyLog': ({ from, to }, context) =>
    context.env.store.read((tx) => {
      assertCentreScope(scopeOf(tx, sessionOf(context)));
      return dailyLog(tx, { from, to }, dateInChina(context.env.clock()));
    }),
  /**
   * The file is made in main and handed back whole: the renderer downloads it (browser mode) or
   * Electron shows its save dialog for the download. It never lingers on this PC's disk.
   */
  'exports/create': async ({ from, to, format, fullPersonalData }, context) => {
    const session = sessionOf(context);
    context.env.store.read((tx) => assertCentreScope(scopeOf(tx, session)));
    if (fullPersonalData && !mayExportFullPersonalData(session.role)) {
      throw new AppError('FORBIDDEN', '您的角色无权导出完整证件号码，请导出脱敏版本。', { field: 'fullPersonalData' });
    }
    const folder = await mkdtemp(join(tmpdir(), 'onewindow-export-'));
    try {
      const result = await writeExport(context.env, { format, from, to, actor: { userId: session.userId, role: session.role }, full: fullPersonalData, folder });
      const bytes = await readFile(result.filePath);
      return { fileName: result.fileName, mimeType: exportMimeTypes[format], dataBase64: bytes.toString('base64'), rows: result.rows, masked: result.masked };
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  },
  'exports/schedule': (_input, { env }) => env.store.read((tx) => scheduleView(tx)),
  'exports/setSchedule': async ({ enabled, time, folder }, context) => {
    if (folder !== '') await checkExportFolder(folder);
    return context.env.store.write(context.writeContext(), (tx) => {
      writeSetting(tx, scheduleKeys.enabled, enabled ? '1' : '0');
      writeSetting(tx, scheduleKeys.time, time);
      writeSetting(tx, scheduleKeys.folder, folder);
      tx.audit({ action: 'setting.change', target: 'export.schedule', detail: { enabled, time, folder } });
      return scheduleView(tx);
    });
  },
});
