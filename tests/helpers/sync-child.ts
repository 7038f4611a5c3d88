/**
 * Child process for the app-kill faults: opens an app's data folder (registered by the parent),
 * runs 立即同步 until a cycle moves nothing, and reports each cycle on stdout. The parent kills it
 * with SIGKILL mid-push or mid-pull, then opens the same folder itself and drains.
 *   node tests/helpers/sync-child.ts <dataDir>
 */
import { writeSync } from 'node:fs';
import { bootServices } from '../../src-main/host/boot.ts';
import { SyncEngine } from '../../src-main/services/sync/engine.ts';
import { Transport } from '../../src-main/services/sync/transport.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: sync-child.ts <dataDir>');
const services = bootServices({ dataDir, appVersion: 'test' });
const env = services.env;
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
