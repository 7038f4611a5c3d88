/**
 * In-process apps for the sync benchmarks: the real services on a real SQLite folder (a copy of
 * a cached fixture, or a new one), registered with a real gateway the way the 同步 page does it,
 * driven by the app's own sync engine.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoGateway } from '../scripts/sync-gateway.ts';
import { bootServices, type Services } from '../src-main/host/boot.ts';
import { heapGrowingPercent, serviceThreadYoungGenerationMb } from '../src-main/host/service-host.ts';
import { nextBatches } from '../src-main/services/sync/outbox.ts';
import { wireItem } from '../src-main/services/sync/push-json.ts';
import { registerDevice } from '../src-main/services/sync/register.ts';

/**
 * Node flags that give a bench process's main thread the heap of the app's service thread, where
 * the sync engine runs in the app (host/service-host.ts): its young generation's cap, given to V8
 * as a semi-space (V8 makes a young generation of three: two semi-spaces and the young large
 * objects), and how far the old generation grows between full collections. The in-process apps
 * of a sync bench run on that thread, so their figures are those of the app's heap, not Node's
 * defaults (a young generation three times as large, full collections far rarer).
 */
export function serviceThreadHeapFlags(): string[] {
  return [`--max-semi-space-size=${Math.floor(serviceThreadYoungGenerationMb / 3)}`, `--heap-growing-percent=${heapGrowingPercent}`];
}

/** Whether this process was started with `serviceThreadHeapFlags()`. */
export function hasServiceThreadHeap(): boolean {
  return serviceThreadHeapFlags().every((flag) => process.execArgv.includes(flag));
}

export async function registeredApp(gateway: DemoGateway, options: { dataDir?: string; role: 'window' | 'backoffice'; centre?: string }): Promise<Services> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `onewindow-bench-${options.role}-`));
  const services = bootServices({ dataDir, appVersion: 'bench' });
  await register(services, gateway.url, await gateway.issueCode(options.centre ?? '210211', options.role), options.role);
  return services;
}

/**
 * Takes now the WAL checkpoint the app's store would take on its timer shortly after its last
 * commit (store/checkpoint.ts). The bench runs both apps on its one thread, where in the field
 * each is a PC of its own: without this, the window's checkpoint after its sync ran on the
 * thread of the back office's measured pull, and the back office's after its registration on
 * that of the window's measured push.
 */
export function settleCheckpoint(services: Services): void {
  services.env.store.checkpointer.checkpoint('PASSIVE');
}

/** Registers the app with a one-time code, as its admin does on the 同步 page. */
export async function register(services: Services, gatewayUrl: string, code: string, role: 'window' | 'backoffice'): Promise<void> {
  const env = services.env;
  const admin = env.store.read((tx) => tx.get<{ id: string }>("SELECT id FROM app_user WHERE username = 'admin'"));
  if (!admin) throw new Error('the app has no admin user');
  await registerDevice(env, env.sync.transport, { gatewayUrl, code, deviceName: `bench ${role}` }, { userId: admin.id, role: 'admin' });
  env.sync.linkChanged();
}

/** The first `count` items the app would push, as documents for the PouchDB peer (read before a push empties the outbox). */
export function itemsAsDocuments(services: Services, count: number): object[] {
  const batchItems = 500;
  const batches = services.env.store.read((tx) => nextBatches(tx, { maxItems: batchItems, maxBytes: Number.MAX_SAFE_INTEGER }, Math.ceil(count / batchItems)));
  return batches.flatMap((b) => b.items.map((item) => ({ _id: item.id, ...wireItem(item) })));
}

/** Messages waiting in the outbox: all of them, or one kind (a registered PC also queues its accounts, `user.upsert`). */
export function pendingEvents(services: Services, kind?: 'case.event'): number {
  return services.env.store.read((tx) => tx.get<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'pending' AND kind = coalesce(?, kind)", kind ?? null)?.n ?? -1);
}

export function heldEvents(services: Services): number {
  return services.env.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM case_event_order')?.n ?? -1);
}
