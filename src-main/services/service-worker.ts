/**
 * The service thread: it owns the database and runs every API call, so SQL never runs on the
 * Electron main process's event loop. Messages: { id, name, input, token } → { id, result }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toPayload } from '../api/dispatcher.ts';
import { bootServices, type BootOptions } from './boot.ts';
import { ExportScheduler } from './exports/scheduler.ts';
import type { WorkerReply, WorkerRequest } from './service-protocol.ts';

const port = parentPort;
if (!port) throw new Error('service-worker must run in a worker thread');

try {
  const services = bootServices(workerData as BootOptions);
  // The scheduled export lives with the database; a day missed while the app was closed runs now.
  const scheduler = new ExportScheduler(services.env);
  scheduler.start();
  port.on('message', (request: WorkerRequest) => {
    if (request.type === 'stop') {
      scheduler.stop();
      services.close();
      port.postMessage({ type: 'stopped' } satisfies WorkerReply);
      return;
    }
    void services.dispatcher.call(request.name, request.input, request.token).then((result) => {
      port.postMessage({ type: 'result', id: request.id, result } satisfies WorkerReply);
    });
  });
  port.postMessage({ type: 'ready', movedAsideTo: services.movedAsideTo } satisfies WorkerReply);
} catch (error) {
  port.postMessage({ type: 'boot-error', error: toPayload(error) } satisfies WorkerReply);
}
