/**
 * IT's maintenance commands, beside the API command line (bin/onewindow): they work on the data
 * folder itself, with no user logged in, because a restore runs where there is no store yet and a
 * backup or a diagnostic bundle is what IT needs when the app will not start.
 *
 *   npm run maintenance -- site-check [--site FILE]
 *   npm run maintenance -- backup [--data-dir DIR] [--folder DIR] [--keep N]
 *   npm run maintenance -- recovery-key --out FILE [--data-dir DIR]       (passphrase: ONEWINDOW_RECOVERY_PASSPHRASE)
 *   npm run maintenance -- restore --backup DIR --recovery-key FILE --data-dir NEW_DIR   (same passphrase variable)
 *   npm run maintenance -- diagnostics [--data-dir DIR]
 *
 * The passphrase is read from the environment, never the command line (other users can read
 * that). Output: JSON on stdout; errors as `{ "error": { code, message } }` on stderr, exit 4 for
 * bad input (a bad site file, a wrong key), 5 when the store cannot be opened, 1 otherwise.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '../domain/errors.ts';
import { backupNow, defaultBackupFolder } from '../services/backup/backup.ts';
import { writeRecoveryKey } from '../services/backup/recovery-key.ts';
import { restoreBackup } from '../services/backup/restore.ts';
import { bootServices, type Services } from '../host/boot.ts';
import { keyFileVault, prepareDataKey } from '../services/crypto/data-key.ts';
import { writeDiagnostics } from '../services/diagnostics/bundle.ts';
import { configDefaults } from '../domain/site/effective.ts';
import { defaultDataDir } from '../services/paths.ts';
import { appliedSite, loadSiteFile, siteFilePath } from '../services/site/site-file.ts';

export interface MaintenanceOutcome {
  exitCode: number;
  stdout?: string;
  stderr?: string;
}

const options = {
  'data-dir': { type: 'string' },
  site: { type: 'string' },
  folder: { type: 'string' },
  keep: { type: 'string' },
  out: { type: 'string' },
  backup: { type: 'string' },
  'recovery-key': { type: 'string' },
} as const;

function usage(message: string): AppError {
  return new AppError('VALIDATION', message);
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw usage(`缺少 --${flag}。用法见 src-main/cli/maintenance.ts 开头或 docs/deploy.md。`);
  return value;
}

function passphrase(env: NodeJS.ProcessEnv): string {
  const value = env.ONEWINDOW_RECOVERY_PASSPHRASE;
  if (!value) throw new AppError('VALIDATION', '请在环境变量 ONEWINDOW_RECOVERY_PASSPHRASE 中给出恢复密钥口令（不要写在命令行上）。', { field: 'passphrase' });
  return value;
}

function withStore<T>(dataDir: string, work: (services: Services) => T): T {
  const services = bootServices({ dataDir, appVersion: 'maintenance', seedDemoIfEmpty: false });
  try {
    return work(services);
  } finally {
    services.close();
  }
}

export async function runMaintenance(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, now = new Date()): Promise<MaintenanceOutcome> {
  try {
    const { positionals, values } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    const dataDir = values['data-dir'] ?? defaultDataDir(env);
    const json = (value: unknown): MaintenanceOutcome => ({ exitCode: 0, stdout: JSON.stringify(value, null, 2) });
    switch (positionals[0]) {
      case 'site-check': {
        const load = loadSiteFile(values.site ?? siteFilePath(env));
        if (load.state === 'invalid') return { exitCode: 4, stderr: JSON.stringify({ error: { code: 'SITE_INVALID', path: load.path, problems: load.problems } }, null, 2) };
        return json(load.state === 'valid' ? { path: load.path, ok: true, site: load.site } : { path: load.path, ok: true, absent: true });
      }
      case 'backup': {
        const services = bootServices({ dataDir, appVersion: 'maintenance', seedDemoIfEmpty: false });
        try {
          const site = services.env.store.read((tx) => appliedSite(tx));
          const keep = values.keep ? Number(values.keep) : (site?.backup?.keep ?? configDefaults.backupKeep);
          if (!Number.isInteger(keep) || keep < 1) throw usage('--keep 应为不小于 1 的整数。');
          return json(await backupNow({ db: services.env.store.db, dataDir, folder: values.folder ?? defaultBackupFolder(dataDir), key: prepareDataKey(dataDir, keyFileVault), keep, appVersion: 'maintenance', now }));
        } finally {
          services.close();
        }
      }
      case 'recovery-key': {
        const out = required(values.out, 'out');
        // Opening the store first proves this key is the one the database was sealed with.
        withStore(dataDir, () => undefined);
        writeFileSync(out, writeRecoveryKey(prepareDataKey(dataDir, keyFileVault), passphrase(env), now), { mode: 0o600 });
        chmodSync(out, 0o600);
        return json({ written: out });
      }
      case 'restore': {
        const manifest = restoreBackup({
          backup: required(values.backup, 'backup'),
          recoveryKey: readFileSync(required(values['recovery-key'], 'recovery-key'), 'utf8'),
          passphrase: passphrase(env),
          dataDir: required(values['data-dir'], 'data-dir'),
          vault: keyFileVault,
        });
        return json({ restored: values['data-dir'], manifest });
      }
      case 'diagnostics':
        return json({ written: withStore(dataDir, (services) => writeDiagnostics(services.env, now).path) });
      default:
        throw usage(`未知命令“${positionals[0] ?? ''}”。可用：site-check、backup、recovery-key、restore、diagnostics。`);
    }
  } catch (error) {
    const appError = error instanceof AppError ? error : new AppError('INTERNAL', error instanceof Error ? error.message : String(error));
    const exitCode = ['VALIDATION', 'SITE_INVALID', 'CONFLICT', 'NOT_FOUND'].includes(appError.code) ? 4 : appError.code.startsWith('STORE_') ? 5 : 1;
    return { exitCode, stderr: JSON.stringify({ error: appError.toPayload() }, null, 2) };
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outcome = await runMaintenance(process.argv.slice(2));
  if (outcome.stdout) process.stdout.write(`${outcome.stdout}\n`);
  if (outcome.stderr) process.stderr.write(`${outcome.stderr}\n`);
  process.exitCode = outcome.exitCode;
}
