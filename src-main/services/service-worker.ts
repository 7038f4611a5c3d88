/**
 * The service thread: it owns the database and runs every API call, so SQL never runs on the
 * Electron main process's event loop. Messages: { id, name, input, token } → { id, result }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toPayload } from '../api/dispatcher.ts';
import { bootServices, type BootOptions } from './boot.ts';
import type { WorkerReply, WorkerRequest } from './service-protocol.ts';

const port = parentPort;
if (!port) throw new Error('service-worker must run in a worker thread');

try {
  const services = bootServices(workerData as BootOptions);
  port.on('message', (request: WorkerRequest) => {
    if (request.type === 'stop') {
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
