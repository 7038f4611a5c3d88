/**
 * Apps behind their own fault proxy, for the fault matrix: each app reaches the gateway through a
 * proxy of its own, so one device can be cut off while the others work. Registration goes to the
 * gateway directly; every sync after it through the proxy.
 */
import type { DemoGateway } from '../../scripts/sync-gateway.ts';
import type { SyncEngineOptions } from '../../src-main/services/sync/engine.ts';
import { Transport } from '../../src-main/services/sync/transport.ts';
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts';
import { checkInvariants, drain, type CheckedApp } from './sync-invariants.ts';
import { startSyncApp, stopAllSyncApps, type SyncApp } from './sync.ts';

export interface FaultyApp extends CheckedApp {
  app: SyncApp;
  proxy: FaultProxy;
}

/** Points the app's stored link at `url` (the proxy), as if its gateway address had been typed so. */
export function routeThrough(app: SyncApp, url: string): void {
  const env = app.services.env;
  env.store.write({ actor: { userId: null, role: null }, deviceId: env.deviceId }, (tx) => tx.run('UPDATE sync_link SET gateway_url = ? WHERE id = 1', url));
  app.engine.linkChanged();
}

/**
 * An app registered with `gateway` and routed through a new fault proxy. The client's deadline
 * is short (`timeoutMs`, default 2 s; the whole call at most `deadlineMs`, default 5 s) so that a 30 s latency is felt as the client's timeout
 * without a test waiting 30 s.
 */
export async function startFaultyApp(
  gateway: DemoGateway,
  label: string,
  options: { centre?: string; role?: 'window' | 'backoffice'; users: string[]; clock?: () => Date; engine?: SyncEngineOptions; timeoutMs?: number; deadlineMs?: number; sendAccounts?: boolean },
): Promise<FaultyApp> {
  const transport = new Transport({ timeoutMs: options.timeoutMs ?? 2000, deadlineMs: options.deadlineMs ?? 5000 });
  const app = await startSyncApp(gateway, { ...options, engine: { transport, ...options.engine } });
  const proxy = await startFaultProxy(gateway.url);
  routeThrough(app, proxy.url);
  return { label, app, proxy, services: app.services, engine: app.engine };
}

/** Heals every proxy: no rule left, online. */
export function heal(apps: readonly FaultyApp[]): void {
  for (const a of apps) {
    a.proxy.clear();
    a.proxy.online();
  }
}

export async function closeProxies(apps: readonly FaultyApp[]): Promise<void> {
  await Promise.all(apps.map((a) => a.proxy.close()));
}

const behindProxies = (apps: readonly CheckedApp[]): FaultyApp[] => apps.filter((a): a is FaultyApp => 'proxy' in a);

/**
 * After a fault: every link healed (apps without a proxy have none to heal), 立即同步 on every
 * app until nothing moves (`rounds` at most, see drain), then the four invariants.
 */
export async function healAndCheck(gateway: DemoGateway, apps: readonly CheckedApp[], rounds?: number): Promise<void> {
  heal(behindProxies(apps));
  await drain(apps, rounds);
  await checkInvariants(gateway.databaseUrl, apps);
}

/** The end of a sync test file: every app closed, then their proxies, then the gateway (and its PostgreSQL). */
export async function stopSyncTest(gateway: DemoGateway | undefined, apps: readonly CheckedApp[] = []): Promise<void> {
  await stopAllSyncApps();
  await closeProxies(behindProxies(apps));
  await gateway?.stop();
}
