/**
 * The pull thread: sends the change feed's requests with the engine's transport settings and
 * answers each with its status, headers and parsed body. Reading the socket, decoding the page
 * and parsing its JSON happen here, while the engine's thread stores the page before it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../domain/errors.ts';
import type { CrossingError, PullThreadReply, PullThreadRequest } from './pull-thread-protocol.ts';
import { Transport, type TransportOptions } from './transport.ts';

const port = parentPort;
if (!port) throw new Error('pull-thread-worker must run in a worker thread');

const transport = new Transport(workerData as TransportOptions);
const underWay = new Map<number, AbortController>();

function crossing(error: unknown): CrossingError {
  if (error instanceof AppError) return { name: error.name, message: error.message, appCode: error.code, code: null };
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return { name: error.name, message: error.message, appCode: null, code: typeof code === 'string' ? code : null };
  }
  return { name: 'Error', message: String(error), appCode: null, code: null };
}

async function send(request: Extract<PullThreadRequest, { type: 'send' }>): Promise<PullThreadReply> {
  const abort = new AbortController();
  underWay.set(request.id, abort);
  try {
    const answer = await transport.send(new URL(request.base), request.method, request.path, request.headers, request.body, abort.signal);
    return { type: 'answer', id: request.id, answer };
  } catch (error) {
    return { type: 'error', id: request.id, error: crossing(error) };
  } finally {
    underWay.delete(request.id);
  }
}

port.on('message', (request: PullThreadRequest) => {
  if (request.type === 'abort') {
    underWay.get(request.id)?.abort();
    return;
  }
  void send(request).then((reply) => port.postMessage(reply));
});
