/**
 * The app as a clerk's PC runs it without Electron: the built browser-mode entry
 * (`node out/main/browser.js`, the bundle electron-vite builds) as its own process on a data
 * folder, its service thread owning the database, answering on 127.0.0.1. The benchmarks call it
 * over HTTP exactly as the renderer's transport does (src-renderer/src/shared/api/client.ts: POST
 * /api/<name> with the launch token and the session's bearer token, JSON both ways).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { killPid, killOnExit } from './cleanup.ts';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));
export const outDir = join(projectRoot, 'out');

let built: { ms: number } | null = null;

/** Builds main, preload and renderer once per bench process (`electron-vite build`, minified as shipped). */
export function ensureBuilt(): { ms: number } {
  if (built) return built;
  const t = performance.now();
  const out = spawnSync(process.execPath, [join(projectRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`electron-vite build failed:\n${out.stdout}\n${out.stderr}`);
  built = { ms: performance.now() - t };
  return built;
}

export type CallResult = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

export interface BrowserMode {
  origin: string;
  /** The address printed at start, with its launch token (what the clerk's browser opens). */
  url: string;
  launchToken: string;
  pid: number;
  /** From spawning the process to its ONEWINDOW_URL line (services booted, port listening). */
  startMs: number;
  call(name: string, input: unknown, session?: string | null): Promise<CallResult>;
  /** Calls and throws on an error answer. */
  value<T>(name: string, input: unknown, session?: string | null): Promise<T>;
  login(username: string, password: string): Promise<string>;
  /** Resident memory of the whole process (both threads), in KiB, from /proc. */
  memory(): { rssKb: number; peakKb: number };
  /** Resets the kernel's peak-RSS mark (VmHWM) so the next peak is this phase's. */
  resetPeak(): boolean;
  stop(): Promise<void>;
}

export async function startBrowserMode(dataDir: string): Promise<BrowserMode> {
  const t0 = performance.now();
  const child: ChildProcess = spawn(process.execPath, [join(outDir, 'main', 'browser.js'), '--port', '0', '--data-dir', dataDir, '--renderer', join(outDir, 'renderer')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Killed with the bench if it ends before stop() (Ctrl-C, an uncaught error).
  const forget = killOnExit(() => killPid(child.pid, 'SIGKILL'));
  child.once('exit', () => forget());
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /ONEWINDOW_URL=(\S+)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`browser mode exited (${code}) before listening:\n${stdout}\n${stderr}`)));
  });
  const startMs = performance.now() - t0;
  const parsed = new URL(url);
  const launchToken = parsed.searchParams.get('launch') ?? '';
  const pid = child.pid ?? 0;

  const call = async (name: string, input: unknown, session: string | null = null): Promise<CallResult> => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-onewindow-launch': launchToken };
    if (session) headers.authorization = `Bearer ${session}`;
    const response = await fetch(`${parsed.origin}/api/${name}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
    return (await response.json()) as CallResult;
  };
  const value = async <T>(name: string, input: unknown, session: string | null = null): Promise<T> => {
    const result = await call(name, input, session);
    if (!result.ok) throw new Error(`${name} ${JSON.stringify(input).slice(0, 200)}: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  };
  const status = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN);
  return {
    origin: parsed.origin,
    url,
    launchToken,
    pid,
    startMs,
    call,
    value,
    login: async (username, password) => (await value<{ token: string }>('session/login', { username, password })).token,
    memory: () => ({ rssKb: status('VmRSS'), peakKb: status('VmHWM') }),
    resetPeak: () => {
      // Writing 5 to clear_refs resets VmHWM to the current RSS (Linux; our own child process).
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        // SIGTERM: browser mode closes its server and the store (checkpointing the WAL) first.
        child.kill('SIGTERM');
      }),
  };
}

export function isBuilt(): boolean {
  return existsSync(join(outDir, 'main', 'browser.js')) && existsSync(join(outDir, 'renderer', 'index.html'));
}
