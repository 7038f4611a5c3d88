/**
 * App instances for the sync tests: real services on real SQLite files in the test process, each
 * with its own sync engine, registered with a real gateway (scripts/sync-gateway.ts) through
 * the same code the admin screen uses. `stopAllSyncApps()` closes every app and its engine.
 *
 * Every temporary folder made here (the apps' data folders, `syncTempDir`'s) is removed after
 * the test file (an afterAll of this module, which first closes any app still open); a gateway
 * from `startTestGateway` removes its folder when it is stopped.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { startDemoGateway, type DemoGateway } from '../../scripts/sync-gateway.ts';
import type { IntakeResultView } from '../../src-main/domain/api/views.ts';
import { residentIdCheckChar } from '../../src-main/domain/identity/resident-id.ts';
import { bootServices, type Services } from '../../src-main/host/boot.ts';
import { demoPassword } from '../../src-main/services/demo/seed.ts';
import { SyncEngine, type SyncEngineOptions } from '../../src-main/services/sync/engine.ts';
import { registerDevice } from '../../src-main/services/sync/register.ts';
import { checklistFor, individualForm } from './intake.ts';
import { restartablePort } from './ports.ts';

export interface SyncApp {
  /** Its data folder: a test may close the app and open the same folder in another process. */
  dataDir: string;
  services: Services;
  engine: SyncEngine;
  tokens: Record<string, string>;
  register(code: string): Promise<void>;
  pendingCount(): number;
}

const started: SyncApp[] = [];
const madeDirs: string[] = [];

/** A temporary folder removed after this test file, once every app is closed (a test may reopen an app's folder until then). */
export function syncTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

afterAll(async () => {
  await stopAllSyncApps();
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Starts tried on other ports when a port was taken between its choice and the server's bind. */
const portAttempts = 5;

/**
 * A demo gateway on its own embedded PostgreSQL in a new temporary folder; stopping it removes the
 * folder. Both listen on ports outside the system's ephemeral range (ports.ts), so a test that
 * stops either and starts it again finds its port free.
 */
export async function startTestGateway(prefix: string, options: { dataKey?: string; args?: string[] } = {}): Promise<DemoGateway> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let gateway: DemoGateway | null = null;
  try {
    for (let attempt = 1; gateway === null; attempt++) {
      // A fresh folder per attempt: a PostgreSQL that failed to bind leaves its cluster half started.
      const attemptDir = join(dir, `attempt-${attempt}`);
      try {
        gateway = await startDemoGateway(attemptDir, options.dataKey ?? randomBytes(32).toString('hex'), { args: options.args, port: await restartablePort(), postgresPort: await restartablePort() });
      } catch (error) {
        if (attempt >= portAttempts || !/EADDRINUSE|could not bind|Address already in use/i.test(String(error))) throw error;
      }
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const stop = gateway.stop;
  gateway.stop = async (signal) => {
    await stop(signal);
    rmSync(dir, { recursive: true, force: true });
  };
  return gateway;
}

export async function startSyncApp(
  gateway: DemoGateway,
  options: { centre?: string; role?: 'window' | 'backoffice'; users: string[]; clock?: () => Date; engine?: SyncEngineOptions; register?: boolean; dataDir?: string; sendAccounts?: boolean },
): Promise<SyncApp> {
  const role = options.role ?? 'window';
  const dataDir = options.dataDir ?? syncTempDir(`onewindow-sync-${role}-`);
  const services = bootServices({ dataDir, appVersion: 'test', clock: options.clock });
  const env = services.env;
  const engine = new SyncEngine({ store: env.store, calendar: env.calendar, deviceId: env.deviceId, appVersion: 'test', clock: env.clock, dataDir }, { longPollSeconds: 1, ...options.engine });
  const admin = env.store.read((tx) => tx.get<{ id: string }>("SELECT id FROM app_user WHERE username = 'admin'"));
  if (!admin) throw new Error('no admin');
  const register = async (code: string) => {
    await registerDevice({ store: env.store, deviceId: env.deviceId, appVersion: 'test', clock: env.clock }, engine.transport, { gatewayUrl: gateway.url, code, deviceName: `${role} 测试机` }, { userId: admin.id, role: 'admin' });
    engine.linkChanged();
  };
  if (options.register !== false) {
    await register(await gateway.issueCode(options.centre ?? '210211', role));
    // Registration queued the PC's accounts; they go now, as the first sync after registering sends them.
    if (options.sendAccounts !== false) await engine.syncNow();
  }
  const tokens: Record<string, string> = {};
  for (const username of options.users) {
    const result = await services.dispatcher.call('session/login', { username, password: demoPassword }, null);
    if (!result.ok) throw new Error(result.error.message);
    tokens[username] = (result.value as { token: string }).token;
  }
  const app: SyncApp = {
    dataDir,
    services,
    engine,
    tokens,
    register,
    pendingCount: () => env.store.read((tx) => tx.get<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'pending'")?.n ?? -1),
  };
  started.push(app);
  return app;
}

/** Closes one app (its engine, then its store), e.g. to hand its data folder to a child process. */
export async function closeSyncApp(app: SyncApp): Promise<void> {
  const index = started.indexOf(app);
  if (index >= 0) started.splice(index, 1);
  await app.engine.stop();
  app.services.close();
}

export async function stopAllSyncApps(): Promise<void> {
  for (const app of started.splice(0)) {
    await app.engine.stop();
    app.services.close();
  }
}

export async function as<T>(app: SyncApp, user: string, name: string, input: unknown): Promise<T> {
  const result = await app.services.dispatcher.call(name, input, app.tokens[user] ?? null);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

let applicants = 0;

/** A valid resident ID no other case of the run has, so the duplicate check never stops an accept. */
function freshIdNumber(): string {
  applicants += 1;
  const first17 = `2102111975${String((applicants % 12) + 1).padStart(2, '0')}${String((Math.floor(applicants / 12) % 28) + 1).padStart(2, '0')}${String(process.pid % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

export async function acceptAndTransfer(app: SyncApp, matterCode: string, name: string): Promise<IntakeResultView> {
  const checklist = await checklistFor(app.services, app.tokens.clerk ?? '', { kind: 'matter', matterCode });
  const accepted = await as<IntakeResultView>(app, 'clerk', 'intake/accept', individualForm(checklist, {
    applicant: { type: 'individual', name, idType: 'resident_id', idNumber: freshIdNumber(), phone: '13904111234' },
  }));
  await as(app, 'clerk', 'cases/act', { caseId: accepted.caseId, act: { action: 'case.transferred' } });
  return accepted;
}

/** What the gateway's PostgreSQL holds for a case: its events in the gateway's order. */
export async function centralEvents(gateway: DemoGateway, caseId: string): Promise<Array<{ id: string; type: string; seq: number }>> {
  const client = new pg.Client({ connectionString: gateway.databaseUrl });
  await client.connect();
  try {
    const rows = await client.query<{ id: string; type: string; seq: number }>('SELECT id, type, seq FROM central_event WHERE case_id = $1 ORDER BY seq', [caseId]);
    return rows.rows.map((r) => ({ id: r.id, type: r.type, seq: Number(r.seq) }));
  } finally {
    await client.end();
  }
}

export async function gatewaySql(gateway: DemoGateway, sql: string, params: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: gateway.databaseUrl });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}
