/**
 * Child process for the app-kill faults: opens an app's data folder (registered by the parent),
 * runs 立即同步 until a cycle moves nothing, and reports each cycle on stdout. The parent kills it
 * with SIGKILL mid-push or mid-pull, then opens the same folder itself and drains.
 *   node tests/helpers/sync-child.ts <dataDir> [--stop-in-page N]
 *
 * `--stop-in-page N`: inside the transaction that stores the N-th pulled page (its events and
 * cases written, its cursor set, nothing committed), the child says `page N stored, not
 * committed` and waits there for the parent's SIGKILL, so the kill lands at that exact moment
 * whatever the machine's speed. A pulled page is told by the cursor it moves.
 */
import { writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bootServices } from '../../src-main/host/boot.ts';
import { SyncEngine } from '../../src-main/services/sync/engine.ts';
import { Transport } from '../../src-main/services/sync/transport.ts';
import type { Store } from '../../src-main/store/store.ts';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'stop-in-page': { type: 'string' } } });
const dataDir = positionals[0];
if (!dataDir) throw new Error('usage: sync-child.ts <dataDir> [--stop-in-page N]');
const services = bootServices({ dataDir, appVersion: 'test' });
const env = services.env;
if (values['stop-in-page'] !== undefined) stopInPage(env.store, Number(values['stop-in-page']));
const engine = new SyncEngine(
  { store: env.store, calendar: env.calendar, deviceId: env.deviceId, appVersion: 'test', clock: env.clock, dataDir },
  { transport: new Transport({ timeoutMs: 10_000, deadlineMs: 30_000 }) },
);
writeSync(1, 'ready\n');
for (;;) {
  const run = await engine.syncNow();
  writeSync(1, `cycle ${JSON.stringify(run)}\n`);
  if (run.pushed + run.rejected + run.pulledEvents === 0) break;
}
writeSync(1, 'done\n');
await engine.stop();
services.close();

function stopInPage(store: Store, page: number): void {
  const write = store.write.bind(store);
  const cursor = (tx: Parameters<Parameters<Store['read']>[0]>[0]) => tx.get<{ cursor: string | null }>('SELECT cursor FROM sync_link WHERE id = 1')?.cursor ?? null;
  let pages = 0;
  store.write = (context, fn) =>
    write(context, (tx) => {
      const before = cursor(tx);
      const result = fn(tx);
      if (cursor(tx) !== before && ++pages === page) {
        writeSync(1, `page ${page} stored, not committed\n`);
        // Blocks the thread inside the open transaction; the parent's SIGKILL ends it. Should the
        // kill never come, the child goes on after a minute and the test sees it finish.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
      }
      return result;
    });
}
