import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listBackups } from '../../../src-main/services/backup/backup.ts';
import { BackupScheduler } from '../../../src-main/services/backup/scheduler.ts';
import { bootServices } from '../../../src-main/host/boot.ts';
import { keyFileVault, prepareDataKey } from '../../../src-main/services/crypto/data-key.ts';
import { Logger, logsDir } from '../../../src-main/services/logs/logger.ts';
import { useTempDir } from '../../helpers/temp.ts';

const tempDir = useTempDir('onewindow-daily-');

describe('the daily backup', () => {
  it('writes one backup per China date, keeps the site’s N, and logs each', async () => {
    const dataDir = tempDir();
    let now = new Date('2026-12-01T15:00:00Z');
    const services = bootServices({ dataDir, appVersion: 'test', siteFile: null, seedDemoIfEmpty: false, clock: () => now });
    try {
      services.env.store.write({ actor: { userId: null, role: null }, deviceId: 'd', now }, (tx) => tx.run("INSERT INTO setting (key, value) VALUES ('backup.keep', '2')"));
      const log = new Logger({ dir: logsDir(dataDir), clock: () => now });
      const scheduler = new BackupScheduler(services.env, prepareDataKey(dataDir, keyFileVault), log);
      expect(await scheduler.runIfDue()).toBe('onewindow-20261201T150000000Z');
      now = new Date('2026-12-01T15:30:00Z'); // still 1 December in China (23:30)
      expect(await scheduler.runIfDue()).toBeNull();
      for (const instant of ['2026-12-01T16:30:00Z', '2026-12-02T16:30:00Z']) {
        now = new Date(instant);
        expect(await scheduler.runIfDue()).not.toBeNull();
      }
      expect(listBackups(join(dataDir, 'backups')).map((b) => b.name)).toEqual(['onewindow-20261202T163000000Z', 'onewindow-20261201T163000000Z']);
      expect(log.files().length).toBeGreaterThan(0);
    } finally {
      services.close();
    }
  });
});
