/**
 * The change feed's requests, sent from a thread of their own. On a first sync the engine's
 * thread sets the pace: while it stores a page (one transaction with its cursor), the pull
 * thread already reads the next page from its socket, decodes and parses it, and hands over the
 * parsed body. Only the sending moves: the token is read and the answer checked on the
 * engine's thread (client.ts), so every refusal, deadline and abort reads as it does with the
 * engine's own transport.
 */
import { Worker } from 'node:worker_threads';
import { AppError } from '../../domain/errors.ts';
import type { CrossingError, PullThreadReply, PullThreadRequest } from './pull-thread-protocol.ts';
import type { HttpAnswer, HttpMethod, Sender, Transport } from './transport.ts';

interface Waiting {
  resolve: (answer: HttpAnswer) => void;
  reject: (error: Error) => void;
  forgetAbort: () => void;
}

/** The entry beside this module: the .ts source under Node, the built .js in the packaged app. */
function workerUrl(): URL {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./pull-thread-worker.${extension}`, import.meta.url);
}

/** The error the transport threw, as the engine's own transport would have thrown it. */
function rebuilt(error: CrossingError): Error {
  if (error.appCode !== null) return new AppError(error.appCode, error.message);
  const copy = new Error(error.message) as Error & { code?: string };
  copy.name = error.name;
  if (error.code !== null) copy.code = error.code;
  return copy;
}

const abortError = () => Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });

export class PullThread implements Sender {
  private readonly transport: Transport;
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;

  /** The thread sends with `transport`'s settings (its CA, timeouts, deadline and size cap). */
  constructor(transport: Transport) {
    this.transport = transport;
  }

  /** Starts the thread now, so that loading it overlaps what comes before the first page. */
  start(): void {
    if (this.worker) return;
    const worker = new Worker(workerUrl(), { workerData: this.transport.settings });
    // An idle thread never keeps the process alive: the engine's own timers and sockets decide that.
    worker.unref();
    worker.on('message', (reply: PullThreadReply) => this.settle(reply));
    worker.on('error', (error) => this.lost(worker, error.message));
    worker.on('exit', (code) => this.lost(worker, `退出码 ${code}`));
    this.worker = worker;
  }

  send(base: URL, method: HttpMethod, path: string, headers: Record<string, string>, body?: unknown, signal?: AbortSignal): Promise<HttpAnswer> {
    if (signal?.aborted) return Promise.reject(abortError());
    this.start();
    const worker = this.worker as Worker;
    const id = this.nextId++;
    return new Promise<HttpAnswer>((resolve, reject) => {
      const onAbort = () => worker.postMessage({ type: 'abort', id } satisfies PullThreadRequest);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(id, { resolve, reject, forgetAbort: () => signal?.removeEventListener('abort', onAbort) });
      worker.postMessage({ type: 'send', id, base: base.href, method, path, headers, body } satisfies PullThreadRequest);
    });
  }

  /**
   * Ends the thread. A request under way ends as an aborted one: its page, never stored, is asked
   * again from the saved cursor by the next sync.
   */
  close(): void {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    this.failAll(abortError);
    void worker.terminate();
  }

  private settle(reply: PullThreadReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    waiting.forgetAbort();
    if (reply.type === 'error') {
      waiting.reject(rebuilt(reply.error));
      return;
    }
    const { bytes } = reply.answer;
    waiting.resolve({ ...reply.answer, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  }

  /** The thread died (it should not): what waited on it fails as a network error would, and the next request starts a new thread. */
  private lost(worker: Worker, why: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.failAll(() => new AppError('UNAVAILABLE', `同步的收取线程意外停止（${why}），稍后自动重试；办件都保存在本机，不会丢失或重复。`));
  }

  private failAll(error: () => Error): void {
    for (const waiting of this.waiting.values()) {
      waiting.forgetAbort();
      waiting.reject(error());
    }
    this.waiting.clear();
  }
}
