/**
 * No bench leaves a process or a temporary folder behind, on any path. Each bench stops what it
 * started in a `finally` (in the reverse order of starting) and removes its folders; what must
 * also go when the bench process itself ends early (an uncaught error, Ctrl-C, a SIGTERM from the
 * runner) is registered here and handled synchronously on exit: an app or gateway child is
 * SIGKILLed, an embedded PostgreSQL gets SIGQUIT (its immediate shutdown; its server processes
 * follow the postmaster), then the folders are removed.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { processAlive } from '../gateway/src/db/postmaster.ts';
import type { BrowserApp } from '../scripts/sync-apps.ts';
import type { DemoGateway } from '../scripts/sync-gateway.ts';

const killers = new Set<() => void>();
const removers = new Set<{ postmaster: () => number | null; remove: () => void }>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    const postmasters = [...removers].map((r) => r.postmaster());
    for (const kill of killers) {
      try {
        kill();
      } catch {
        // Already gone: nothing to clean.
      }
    }
    for (const pid of postmasters) waitGone(pid, 5000);
    for (const { remove } of removers) {
      try {
        remove();
      } catch (error) {
        process.stderr.write(`could not remove a bench folder: ${String(error)}\n`);
      }
    }
  });
  // Without a handler these signals end the process without running 'exit' handlers.
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) process.once(signal, () => process.exit(code));
}

/** Registers a synchronous kill for the bench's exit; the returned function unregisters it (after a clean stop). */
export function killOnExit(kill: () => void): () => void {
  install();
  killers.add(kill);
  return () => killers.delete(kill);
}

/**
 * A temporary folder the bench made: removed by the returned function (in its `finally`), or on
 * the bench's exit if it ends before that, after the processes are killed. A PostgreSQL killed
 * with SIGQUIT still writes in its folder as it dies, so the folder goes once the postmaster
 * named by `postmaster()` has gone (asked before the kills on exit), waiting at most a few seconds.
 */
export function removeOnExit(dir: string, postmaster: () => number | null = () => null): () => void {
  install();
  const remove = () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  const remover = { postmaster, remove };
  removers.add(remover);
  return () => {
    removers.delete(remover);
    waitGone(postmaster(), 5000);
    remove();
  };
}

/** Blocks (the exit handler cannot await) until `pid` has gone, at most `ms`. */
function waitGone(pid: number | null, ms: number): void {
  if (!pid) return;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const until = Date.now() + ms;
  while (Date.now() < until && processAlive(pid)) Atomics.wait(pause, 0, 0, 50);
}

export function killPid(pid: number | null | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(pid, signal);
  } catch {
    // Already exited.
  }
}

/**
 * Runs `script` in a child node process (with `nodeFlags` before it) until it exits, killed if the
 * bench exits first. Its standard output is returned (`pipe`) or goes to the bench's own
 * (`inherit`); a failure throws with what it wrote.
 */
export async function runNode(script: string, args: readonly string[], output: 'pipe' | 'inherit', nodeFlags: readonly string[] = []): Promise<string> {
  const child = spawn(process.execPath, [...nodeFlags, script, ...args], { stdio: ['ignore', output, 'pipe'] });
  const forget = killOnExit(() => killPid(child.pid, 'SIGKILL'));
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
    // Progress lines (a fixture being built) still reach the bench's own standard error.
    if (output === 'inherit') process.stderr.write(chunk);
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  forget();
  if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited with ${String(code)}:\n${err}${out}`);
  return out;
}

/**
 * Stops, in reverse order, everything `own` was given, whatever happens in `body`; each is also
 * killed if the bench process exits before that. When `body` failed, its error is the one
 * thrown (a failure to stop is then secondary); otherwise the first failure to stop is thrown.
 */
export async function withOwned<T>(body: (own: Own) => Promise<T>): Promise<T> {
  const owned: Array<{ stop(): Promise<unknown>; forget: () => void }> = [];
  const own = <X extends { stop(): Promise<unknown> }>(thing: X, kill: () => void): X => {
    owned.push({ stop: () => thing.stop(), forget: killOnExit(kill) });
    return thing;
  };
  const stopAll = async (): Promise<unknown> => {
    let stopError: unknown = null;
    for (const thing of owned.reverse()) {
      try {
        await thing.stop();
        thing.forget();
      } catch (error) {
        stopError ??= error;
      }
    }
    return stopError;
  };
  let result: T;
  try {
    result = await body(own);
  } catch (error) {
    await stopAll();
    throw error;
  }
  const stopError = await stopAll();
  if (stopError !== null) throw stopError instanceof Error ? stopError : new Error(String(stopError));
  return result;
}

type Own = <X extends { stop(): Promise<unknown> }>(thing: X, kill: () => void) => X;

/** A gateway and its embedded PostgreSQL, stopped by the bench's `finally` or killed on its exit. */
export function ownGateway(own: Own, gateway: DemoGateway): DemoGateway {
  return own(gateway, () => {
    const { gateway: node, postgres } = gateway.pids();
    killPid(node, 'SIGKILL');
    killPid(postgres, 'SIGQUIT');
  });
}

/** A browser-mode app process, stopped by the bench's `finally` or killed on its exit. */
export function ownApp(own: Own, app: BrowserApp): BrowserApp {
  return own(app, () => killPid(app.child.pid, 'SIGKILL'));
}

/** The last line a child wrote (`runNode`'s output), parsed as JSON. */
export function lastJsonLine<T>(output: string): T {
  return JSON.parse(output.trim().split('\n').at(-1) ?? '') as T;
}
