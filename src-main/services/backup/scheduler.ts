import { configDefaults } from '../../domain/site/effective.ts';
import type { ServiceEnv } from '../env.ts';
import type { Logger } from '../logs/logger.ts';
import { appliedSite } from '../site/site-file.ts';
import { readSetting } from '../settings/settings.ts';
import { backupNow, defaultBackupFolder, listBackups } from './backup.ts';
import type { RootKey } from './recovery-key.ts';

const checkEveryMs = 3600_000;
/** The first check waits until the start's own work (login, the first lists) is done. */
const firstCheckAfterMs = 10 * 60_000;

function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The daily backup: ten minutes after start and then every hour, if the backup folder has none
 * from today (China date), one is written and checked (backup.ts). Runs in the service thread beside the scheduled
 * export; a failure is logged and tried again the next hour, and never stops the counter.
 */
export class BackupScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  private readonly env: ServiceEnv;
  private readonly key: RootKey;
  private readonly log: Logger;

  constructor(env: ServiceEnv, key: RootKey, log: Logger) {
    this.env = env;
    this.key = key;
    this.log = log;
  }

  start(): void {
    this.timer = setTimeout(() => {
      void this.runIfDue();
      this.timer = setInterval(() => void this.runIfDue(), checkEveryMs);
      this.timer.unref();
    }, firstCheckAfterMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Writes today's backup unless there is one; resolves to its name, or null when none was due. */
  async runIfDue(): Promise<string | null> {
    if (this.running) return null;
    const now = this.env.clock();
    const folder = defaultBackupFolder(this.env.dataDir);
    if (listBackups(folder).some((backup) => chinaDate(new Date(backup.manifest.createdAt)) === chinaDate(now))) return null;
    this.running = true;
    try {
      const keep = this.env.store.read((tx) => appliedSite(tx)?.backup?.keep ?? (Number(readSetting(tx, 'backup.keep')) || configDefaults.backupKeep));
      const record = await backupNow({ db: this.env.store.db, dataDir: this.env.dataDir, folder, key: this.key, keep, appVersion: this.env.appVersion, now });
      this.log.info('backup.done', { backup: record.name, bytes: record.manifest.databaseBytes, keep });
      return record.name;
    } catch (error) {
      this.log.error('backup.failed', { message: error instanceof Error ? error.message : String(error) });
      return null;
    } finally {
      this.running = false;
    }
  }
}
