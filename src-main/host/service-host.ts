import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { CallResult } from '../domain/api/call-result.ts';
import { AppError, type ErrorPayload } from '../domain/errors.ts';
import type { BootOptions } from './boot.ts';
import type { ShellSettings, WorkerReply, WorkerRequest } from './service-protocol.ts';

/** After this many deaths within `restartWindowMs`, the thread is not started again: the app stops. */
const maxRestarts = 3;
const restartWindowMs = 60_000;

/**
 * The service thread's V8 young generation, in MB (its two semi-spaces and the young large
 * objects: a semi-space of about a third of it). Left to V8, a thread that allocates as fast as a
 * pulled page's apply does grows each semi-space to 64 MB and keeps them: the young generation
 * alone then weighs more than the rest of the app. Short-lived garbage (a page's JSON, the rows
 * of a list) is collected as young at this size too, only more often; what outlives a few
 * collections is promoted as it would be anyway. See docs/sync-performance.md, Memory.
 */
export const serviceThreadYoungGenerationMb = 16;

/**
 * How far, in percent, V8 lets the old generation grow past what its last full collection kept
 * before it collects again. Left to V8, the factor reaches 4 on a PC with memory to spare: a
 * first sync promotes each page's leftovers (its decoded text, one large object, and what its
 * apply made), and many pages' worth piled up between two full collections, more than the
 * live heap itself. At this setting (and V8's own floor of a few MB) they are collected after a
 * page or two, the full collections being short since little is live. The bound is on when
 * V8 collects, never on what the heap may hold: a month's export still gets all it needs. V8's
 * flags are the process's, so this covers the Electron main process and browser mode alike,
 * which both start the thread here. See docs/sync-performance.md, Memory.
 */
export const heapGrowingPercent = 20;

/**
 * The main-thread side of the service thread. Electron's IPC adapter and the browser-mode HTTP
 * server both call through this, so the event loop they run on only passes messages.
 *
 * The thread can die (an uncaught error, a database that stopped taking writes, a crash): then
 * every call waiting on it is answered at once with SERVICE_UNAVAILABLE, calls made while it
 * restarts are answered the same way at once, and a new thread is started (sessions lived in the
 * old one: users log in again). If it keeps dying, or cannot start, every call answers with why
 * and `onFatal` tells the shell to stop the app. No call ever waits on a thread that is gone.
 */
export class ServiceHost {
  private worker: Worker;
  private readonly options: BootOptions;
  private readonly pending = new Map<number, (result: CallResult) => void>();
  private readonly pendingNames = new Map<number, string>();
  private nextId = 1;
  private state: 'running' | 'restarting' | 'replacing' | 'stopping' | 'failed' = 'running';
  private enginePushing = false;
  private replacement: Promise<void> | null = null;
  private readonly prepare: PrepareBoot;
  private failure: ErrorPayload | null = null;
  private readonly deaths: number[] = [];
  private lastError: Error | null = null;
  readonly movedAsideTo: string | null;
  /** The kiosk switch, this window's printer and the update server, as configured at start. */
  readonly shell: ShellSettings;
  /** Called once when the thread cannot be kept running: the shell stops the app, saying why. */
  onFatal: ((error: ErrorPayload) => void) | null = null;

  private constructor(worker: Worker, options: BootOptions, prepare: PrepareBoot, movedAsideTo: string | null, shell: ShellSettings) {
    this.worker = worker;
    this.options = options;
    this.prepare = prepare;
    this.movedAsideTo = movedAsideTo;
    this.shell = shell;
    this.attach(worker);
  }

  /**
   * Starts the service thread; rejects with the store's own AppError if it cannot open.
   * `prepare` runs before every start of a thread, restarts included: the Electron shell puts a
   * staged restore in place there and unwraps the data key as the folder now holds it.
   */
  static async start(options: BootOptions, prepare: PrepareBoot = (o) => o): Promise<ServiceHost> {
    const { worker, movedAsideTo, shell } = await spawn(prepare(options));
    return new ServiceHost(worker, options, prepare, movedAsideTo, shell);
  }

  /** The running thread, for diagnostics (its threadId) and the fault-injection tests that kill it. */
  get thread(): Worker {
    return this.worker;
  }

  call(name: string, input: unknown, token: string | null): Promise<CallResult> {
    if (this.state === 'failed') return Promise.resolve({ ok: false, error: this.failure ?? unavailable('服务线程已停止') });
    // A planned replacement takes seconds: calls wait for the new thread (which knows no old session).
    if (this.state === 'replacing' && this.replacement) return this.replacement.then(() => this.call(name, input, token));
    if (this.state !== 'running') {
      return Promise.resolve({ ok: false, error: unavailable('服务线程意外停止，正在重新启动（已登录的用户需重新登录）。请稍候几秒再试') });
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.pendingNames.set(id, name);
      this.worker.postMessage({ type: 'call', id, name, input, token } satisfies WorkerRequest);
    });
  }

  /** Whether a call whose operation starts with `prefix` (say `sync/`) is still running. */
  busyWith(prefix: string): boolean {
    return [...this.pendingNames.values()].some((name) => name.startsWith(prefix));
  }

  /**
   * Whether this PC's outbox is being sent to the gateway: by the sync engine's own background
   * loop (reported by the thread as it starts and ends) or by a `sync/` call. The updater waits.
   */
  get syncPushing(): boolean {
    return this.enginePushing || this.busyWith('sync/');
  }

  /** Closes the database cleanly (checkpointing the WAL), then ends the thread. */
  async stop(): Promise<void> {
    if (this.state === 'failed') return;
    this.state = 'stopping';
    await stopWorker(this.worker);
  }

  /** After a staged restore: the thread closes the store cleanly and a new one opens the folder as it now is. */
  private async replace(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'replacing';
    this.replacement = this.replaceThread();
    await this.replacement;
    this.replacement = null;
  }

  private async replaceThread(): Promise<void> {
    const old = this.worker;
    await stopWorker(old);
    this.failAll(unavailable('正在换用恢复的数据重新启动服务（已登录的用户需重新登录）。本次操作未完成，请稍候重试'));
    this.enginePushing = false;
    try {
      const { worker } = await spawn(this.prepare({ ...this.options, startFresh: false }));
      if (this.state !== 'replacing') {
        await worker.terminate();
        return;
      }
      this.worker = worker;
      this.attach(worker);
      this.state = 'running';
    } catch (error) {
      this.fail(error instanceof AppError ? error.toPayload() : unavailable(`恢复后服务无法启动：${String(error)}`));
    }
  }

  private attach(worker: Worker): void {
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'sync-pushing') this.enginePushing = reply.pushing;
      if (reply.type === 'restart-requested') void this.replace();
      if (reply.type !== 'result') return;
      this.pending.get(reply.id)?.(reply.result);
      this.pending.delete(reply.id);
      this.pendingNames.delete(reply.id);
    });
    worker.on('error', (error) => {
      this.lastError = error;
    });
    worker.on('exit', (code) => {
      if (worker !== this.worker || this.state === 'stopping' || this.state === 'replacing') return;
      void this.died(this.lastError?.message ?? `退出码 ${code}`);
    });
  }

  private async died(reason: string): Promise<void> {
    this.lastError = null;
    this.failAll(unavailable(`服务线程意外停止（${reason}）。本次操作可能未完成，请核对后重试`));
    const now = Date.now();
    this.deaths.push(now);
    while (this.deaths.length > 0 && (this.deaths[0] ?? now) < now - restartWindowMs) this.deaths.shift();
    if (this.deaths.length > maxRestarts) {
      this.fail(unavailable(`服务线程在一分钟内反复停止（最近一次：${reason}），程序已停止服务。请重新启动一窗通；如反复出现请联系管理员`));
      return;
    }
    this.state = 'restarting';
    try {
      this.enginePushing = false;
      const { worker } = await spawn(this.prepare({ ...this.options, startFresh: false }));
      // Stopped while it was starting: do not keep the new thread.
      if (this.state !== 'restarting') {
        await worker.terminate();
        return;
      }
      this.worker = worker;
      this.attach(worker);
      this.state = 'running';
    } catch (error) {
      const payload = error instanceof AppError ? error.toPayload() : unavailable(`服务线程无法重新启动：${String(error)}`);
      this.fail(payload);
    }
  }

  private fail(error: ErrorPayload): void {
    this.state = 'failed';
    this.failure = error;
    this.failAll(error);
    this.onFatal?.(error);
  }

  private failAll(error: ErrorPayload): void {
    for (const [id, resolve] of this.pending) {
      resolve({ ok: false, error });
      this.pending.delete(id);
      this.pendingNames.delete(id);
    }
  }
}

/** Makes the options of each thread's start (see ServiceHost.start). */
export type PrepareBoot = (options: BootOptions) => BootOptions;

/** Asks the thread to close the store and waits until it has, or is gone; then ends it. */
async function stopWorker(worker: Worker): Promise<void> {
  await new Promise<void>((resolve) => {
    const onMessage = (reply: WorkerReply) => {
      if (reply.type === 'stopped') {
        worker.off('message', onMessage);
        resolve();
      }
    };
    worker.on('message', onMessage);
    // A thread that is already gone has nothing to close.
    worker.once('exit', () => resolve());
    worker.postMessage({ type: 'stop' } satisfies WorkerRequest);
  });
  await worker.terminate();
}

function unavailable(message: string): ErrorPayload {
  return { code: 'SERVICE_UNAVAILABLE', message: `${message}。` };
}

/** A new thread, answered once it has opened the store (or refused to, with the store's reason). */
function spawn(options: BootOptions): Promise<{ worker: Worker; movedAsideTo: string | null; shell: ShellSettings }> {
  // Set before the thread's heap is made (and again on a restart: it is the same value).
  setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);
  const worker = new Worker(workerUrl(), { workerData: options, resourceLimits: { maxYoungGenerationSizeMb: serviceThreadYoungGenerationMb } });
  return new Promise((resolve, reject) => {
    const settle = () => {
      worker.off('error', onError);
      worker.off('message', onMessage);
      worker.off('exit', onExit);
    };
    const onMessage = (reply: WorkerReply) => {
      if (reply.type === 'ready') {
        settle();
        resolve({ worker, movedAsideTo: reply.movedAsideTo, shell: reply.shell });
      } else if (reply.type === 'boot-error') {
        settle();
        void worker.terminate();
        reject(new AppError(reply.error.code, reply.error.message, { details: reply.error.details }));
      }
    };
    const onError = (error: Error) => {
      settle();
      reject(error);
    };
    const onExit = (code: number) => {
      settle();
      reject(new AppError('SERVICE_UNAVAILABLE', `服务线程启动时退出（退出码 ${code}）。请重新启动一窗通。`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

/** Beside this file in source (run by Node's type stripping) and in the build's out/main. */
function workerUrl(): URL {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./service-worker.${extension}`, import.meta.url);
}
