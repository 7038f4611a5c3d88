import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform, release } from 'node:os';
import { basename, join } from 'node:path';
import type { DiagnosticsView } from '../../domain/api/deploy-views.ts';
import type { ServiceEnv } from '../env.ts';
import { verifyAuditChain } from '../audit/trail.ts';
import { defaultBackupFolder, listBackups } from '../backup/backup.ts';
import { logsDir, Logger } from '../logs/logger.ts';
import { databasePath } from '../paths.ts';
import { siteConfigView } from '../site/local-config.ts';
import { syncStatus } from '../sync/status.ts';

/**
 * The diagnostic bundle IT sends to support: one JSON file with the versions, the configuration in
 * force (never a secret), the database's health, the sync state, the audit chain's verification,
 * the last backups and the recent (already scrubbed) log lines. Nothing in it is personal data:
 * the store is described by counts and checks, never by its rows.
 */
export interface DiagnosticBundle {
  generatedAt: string;
  versions: Record<string, string>;
  system: { platform: string; arch: string; release: string };
  device: { id: string; keyProtection: string };
  configuration: ReturnType<typeof siteConfigView>;
  settings: Record<string, string>;
  database: { path: string; bytes: number; walBytes: number; schemaVersion: number; integrity: string[]; counts: Record<string, number> };
  audit: ReturnType<typeof verifyAuditChain>;
  sync: ReturnType<typeof syncStatus> | { state: 'unavailable'; reason: string };
  backups: { name: string; createdAt: string; cases: number; auditRows: number }[];
  logs: string[];
}

/** Settings that are keys, secrets or whole files stay out; everything else helps support. */
const secretSetting = /secret|token|password|crypto\.|key$|^site\.file$/i;

const recentLogLines = 500;

export function collectDiagnostics(env: ServiceEnv, now: Date): DiagnosticBundle {
  const path = databasePath(env.dataDir);
  const sizeOf = (file: string) => (existsSync(file) ? statSync(file).size : 0);
  return env.store.read((tx) => {
    const count = (sql: string) => tx.get<{ n: number }>(sql)?.n ?? 0;
    let sync: DiagnosticBundle['sync'];
    try {
      sync = syncStatus(tx, env.sync.linkHealth, env.sync.retryAt);
    } catch (error) {
      sync = { state: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
    }
    return {
      generatedAt: now.toISOString(),
      versions: {
        app: env.appVersion,
        node: process.versions.node,
        ...(process.versions.electron ? { electron: process.versions.electron, chrome: process.versions.chrome ?? '' } : {}),
        sqlite: tx.get<{ v: string }>('SELECT sqlite_version() AS v')?.v ?? '',
      },
      system: { platform: platform(), arch: arch(), release: release() },
      device: { id: env.deviceId, keyProtection: env.keyProtection },
      configuration: siteConfigView(tx),
      settings: Object.fromEntries(tx.all<{ key: string; value: string }>('SELECT key, value FROM setting ORDER BY key').filter((row) => !secretSetting.test(row.key)).map((row) => [row.key, row.value])),
      database: {
        path,
        bytes: sizeOf(path),
        walBytes: sizeOf(`${path}-wal`),
        schemaVersion: tx.get<{ user_version: number }>('PRAGMA user_version')?.user_version ?? 0,
        integrity: tx.all<{ integrity_check: string }>('PRAGMA integrity_check').map((row) => row.integrity_check),
        counts: {
          cases: count('SELECT count(*) AS n FROM case_record'),
          events: count('SELECT count(*) AS n FROM case_event'),
          auditRows: count('SELECT count(*) AS n FROM audit_log'),
          users: count('SELECT count(*) AS n FROM app_user'),
          outboxPending: count("SELECT count(*) AS n FROM outbox WHERE state = 'pending'"),
        },
      },
      audit: verifyAuditChain(tx, env.store.auditHead),
      sync,
      backups: listBackups(defaultBackupFolder(env.dataDir))
        .slice(0, 10)
        .map((b) => ({ name: b.name, createdAt: b.manifest.createdAt, cases: b.manifest.counts.cases, auditRows: b.manifest.counts.auditRows })),
      logs: recentLogs(env.dataDir),
    };
  });
}

function recentLogs(dataDir: string): string[] {
  const lines: string[] = [];
  for (const file of new Logger({ dir: logsDir(dataDir) }).files().reverse()) {
    lines.unshift(...readFileSync(file, 'utf8').trimEnd().split('\n').filter(Boolean));
    if (lines.length >= recentLogLines) break;
  }
  return lines.slice(-recentLogLines);
}

/** Writes the bundle into `<data>/diagnostics/` and says where. */
export function writeDiagnostics(env: ServiceEnv, now: Date): { path: string; bundle: DiagnosticBundle } {
  const bundle = collectDiagnostics(env, now);
  const dir = join(env.dataDir, 'diagnostics');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `onewindow-diagnostics-${now.toISOString().replace(/[-:.]/g, '')}.json`);
  writeFileSync(path, `${JSON.stringify(bundle, null, 2)}\n`);
  return { path, bundle };
}

/** The admin's button: the same file, handed over as a download and kept in the data folder; its making is on record. */
export function diagnosticsDownload(env: ServiceEnv, userId: string): DiagnosticsView {
  const now = env.clock();
  const { path, bundle } = writeDiagnostics(env, now);
  env.store.write({ actor: { userId, role: 'admin' }, deviceId: env.deviceId, now }, (tx) => tx.audit({ action: 'diagnostics.bundle', target: basename(path) }));
  return { fileName: basename(path), mimeType: 'application/json', content: `${JSON.stringify(bundle, null, 2)}\n`, path };
}
