/**
 * The service thread: it owns the database and runs every API call, so SQL never runs on the
 * Electron main process's event loop. Messages: { id, name, input, token } → { id, result }.
 */
import nodeModule from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { toPayload } from '../api/dispatcher.ts';
import { bootServices, type BootOptions } from './boot.ts';
import { BackupScheduler } from '../services/backup/scheduler.ts';
import { sweepDownloads } from '../services/exports/downloads.ts';
import { ExportScheduler } from '../services/exports/scheduler.ts';
import { logCall } from '../services/logs/call-log.ts';
import { Logger, logsDir } from '../services/logs/logger.ts';
import type { WorkerReply, WorkerRequest } from './service-protocol.ts';
import { shellSettings } from '../services/site/shell-settings.ts';

const port = parentPort;
if (!port) throw new Error('service-worker must run in a worker thread');

const boot = workerData as BootOptions;
const log = new Logger({ dir: logsDir(boot.dataDir) });

try {
  const services = bootServices(boot);
  log.info('service.start', { version: boot.appVersion, schemaVersion: services.env.store.db.pragma('user_version', { simple: true }) as number });
  // The scheduled export lives with the database; a day missed while the app was closed runs now.
  const scheduler = new ExportScheduler(services.env);
  scheduler.start();
  // The daily backup checks each copy with the data key the store was opened with.
  const backups = new BackupScheduler(services.env, services.env.dataKey, log);
  backups.start();
  // The update gate in the main thread must see every push, the background loop's included.
  services.env.sync.onPushing = (pushing) => port.postMessage({ type: 'sync-pushing', pushing } satisfies WorkerReply);
  // Sync runs beside the API in this thread: it waits on the network, never on the UI.
  services.env.sync.start();
  // A staged restore takes effect when the host replaces this thread (after the call is answered).
  let restartWanted = false;
  services.env.requestRestart = () => {
    restartWanted = true;
  };
  port.on('message', (request: WorkerRequest) => {
    if (request.type === 'stop') {
      scheduler.stop();
      backups.stop();
      // A push or pull in flight finishes its transaction (or is cut before it) before the store closes.
      void services.env.sync.stop().finally(() => {
        services.close();
        log.info('service.stop');
        port.postMessage({ type: 'stopped' } satisfies WorkerReply);
      });
      return;
    }
    const started = performance.now();
    void services.dispatcher.call(request.name, request.input, request.token).then((result) => {
      logCall(log, request.name, started, result);
      port.postMessage({ type: 'result', id: request.id, result } satisfies WorkerReply);
      if (restartWanted) {
        restartWanted = false;
        port.postMessage({ type: 'restart-requested' } satisfies WorkerReply);
      }
    });
  });
  const shell = services.env.store.read((tx) => shellSettings(tx));
  port.postMessage({ type: 'ready', movedAsideTo: services.movedAsideTo, shell } satisfies WorkerReply);
  // Exports staged for a supervisor who never took them before the app was closed (downloads.ts).
  sweepDownloads(boot.dataDir).catch((error: unknown) => log.error('downloads.sweepFailed', { message: String(error) }));
  // Where the starter turned on Node's compile cache (browser mode, NODE_COMPILE_CACHE), this
  // thread's compiled code is written now, not only at exit: the next start loads it.
  nodeModule.flushCompileCache?.();
} catch (error) {
  const payload = toPayload(error);
  log.error('service.bootFailed', { code: payload.code, message: payload.message });
  port.postMessage({ type: 'boot-error', error: payload } satisfies WorkerReply);
}
