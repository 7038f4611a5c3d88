import { Worker } from 'node:worker_threads';
import type { CallResult } from '../domain/api/call-result.ts';
import { AppError } from '../domain/errors.ts';
import type { BootOptions } from './boot.ts';
import type { ShellSettings, WorkerReply, WorkerRequest } from './service-protocol.ts';

/**
 * The main-thread side of the service thread. Electron's IPC adapter and the browser-mode HTTP
 * server both call through this, so the event loop they run on only passes messages.
 */
export class ServiceHost {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (result: CallResult) => void>();
  private readonly pendingNames = new Map<number, string>();
  private nextId = 1;
  readonly movedAsideTo: string | null;
  /** The kiosk switch, this window's printer and the update server, as configured at start. */
  readonly shell: ShellSettings;

  private constructor(worker: Worker, movedAsideTo: string | null, shell: ShellSettings) {
    this.worker = worker;
    this.movedAsideTo = movedAsideTo;
    this.shell = shell;
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type !== 'result') return;
      this.pending.get(reply.id)?.(reply.result);
      this.pending.delete(reply.id);
      this.pendingNames.delete(reply.id);
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => this.failAll(new Error(`service thread exited with code ${code}`)));
  }

  /** Starts the service thread; rejects with the store's own AppError if it cannot open. */
  static start(options: BootOptions): Promise<ServiceHost> {
    const worker = new Worker(workerUrl(), { workerData: options });
    return new Promise((resolve, reject) => {
      const onMessage = (reply: WorkerReply) => {
        worker.off('error', onError);
        worker.off('message', onMessage);
        if (reply.type === 'ready') resolve(new ServiceHost(worker, reply.movedAsideTo, reply.shell));
        else if (reply.type === 'boot-error') {
          void worker.terminate();
          reject(new AppError(reply.error.code, reply.error.message, { details: reply.error.details }));
        }
      };
      const onError = (error: Error) => reject(error);
      worker.on('message', onMessage);
      worker.once('error', onError);
    });
  }

  call(name: string, input: unknown, token: string | null): Promise<CallResult> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.pendingNames.set(id, name);
      this.worker.postMessage({ type: 'call', id, name, input, token } satisfies WorkerRequest);
    });
  }

  /** Whether a call whose operation starts with `prefix` (say `sync/`) is still running: the updater waits for it. */
  busyWith(prefix: string): boolean {
    return [...this.pendingNames.values()].some((name) => name.startsWith(prefix));
  }

  /** Closes the database cleanly (checkpointing the WAL), then ends the thread. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      const onMessage = (reply: WorkerReply) => {
        if (reply.type === 'stopped') {
          this.worker.off('message', onMessage);
          resolve();
        }
      };
      this.worker.on('message', onMessage);
      this.worker.postMessage({ type: 'stop' } satisfies WorkerRequest);
    });
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private failAll(error: Error): void {
    for (const [id, resolve] of this.pending) {
      resolve({ ok: false, error: { code: 'INTERNAL', message: `服务线程异常：${error.message}。请重启程序。` } });
      this.pending.delete(id);
      this.pendingNames.delete(id);
    }
  }
}

/** Beside this file in source (run by Node's type stripping) and in the build's out/main. */
function workerUrl(): URL {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./service-worker.${extension}`, import.meta.url);
}
