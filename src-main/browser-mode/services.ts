import type { CallResult } from '../domain/api/call-result.ts';
import { AppError } from '../domain/errors.ts';
import type { BootOptions } from '../host/boot.ts';
import { ServiceHost } from '../host/service-host.ts';

export interface StartingServices {
  /** The running host, or the store's own AppError when it could not open. */
  ready: Promise<ServiceHost>;
  /** Answers through the host once it is ready; while it starts, the call waits for it. */
  call(name: string, input: unknown, token: string | null): Promise<CallResult>;
  /** Stops the host once it has started (or does nothing if it never did). */
  stop(): Promise<void>;
  /** Why the host could not start, in Chinese, for the console. */
  describeFailure(error: unknown): string;
}

/**
 * Starts the service thread without waiting for it, so browser mode can listen (and serve the
 * login page) while the database opens. A call that arrives meanwhile waits; if the thread
 * cannot start, every call is answered with the reason (the process then ends, see main.ts).
 */
export function startServices(options: BootOptions): StartingServices {
  const ready = ServiceHost.start(options);
  // Observed here so a failure before anyone awaits it is not an unhandled rejection.
  ready.catch(() => undefined);
  return {
    ready,
    call: async (name, input, token) => {
      let host: ServiceHost;
      try {
        host = await ready;
      } catch (error) {
        const payload = error instanceof AppError ? error.toPayload() : { code: 'SERVICE_UNAVAILABLE' as const, message: `启动失败：${String(error)}` };
        return { ok: false, error: payload };
      }
      return host.call(name, input, token);
    },
    stop: async () => {
      const host = await ready.catch(() => null);
      await host?.stop();
    },
    describeFailure: (error) => (error instanceof AppError ? error.message : `启动失败：${String(error)}`),
  };
}
