/**
 * Browser-mode apps for the sync demo and the sync tests: each in its own temporary data folder
 * on a free loopback port, registered with a gateway through its own API (as the admin screen
 * does). Everything started here is stopped by `stop()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

export interface BrowserApp {
  /** The URL to open, with its per-launch token. */
  url: string;
  base: string;
  launchToken: string;
  dataDir: string;
  child: ChildProcess;
  /** Calls the app's API as `username` would from the screen. */
  api<T = unknown>(name: string, input: unknown, token?: string | null): Promise<T>;
  login(username: string, password?: string): Promise<string>;
  stop(): Promise<void>;
}

export const demoPassword = 'Demo@2026';

export interface BrowserAppOptions {
  env?: Record<string, string>;
  label?: string;
  renderer?: string;
  dataDir?: string;
  /**
   * 'source' (the default) runs src-main through Node's type stripping, as tests and the demo do;
   * 'built' runs the bundle electron-vite builds (out/main/browser.js), the code a PC installs:
   * what a measurement of the app's own memory or speed must run.
   */
  entry?: 'source' | 'built';
}

export async function startBrowserApp(options: BrowserAppOptions = {}): Promise<BrowserApp> {
  // A given folder (a copy of a prepared store) is the app's from now on: stop() removes it too.
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `onewindow-${options.label ?? 'app'}-`));
  const entry = options.entry === 'built' ? join(root, 'out', 'main', 'browser.js') : join(root, 'src-main', 'browser-mode', 'main.ts');
  const child = spawn(process.execPath, [entry, '--port', '0', '--data-dir', dataDir, ...(options.renderer ? ['--renderer', options.renderer] : [])], {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // A process that never came up is not left behind.
      child.kill('SIGKILL');
      reject(new Error(`browser mode did not start in 120 s:\n${out}`));
    }, 120_000);
    const check = () => {
      const m = /ONEWINDOW_URL=(\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`browser mode exited:\n${out}`));
    });
  });
  const parsed = new URL(url);
  const launchToken = parsed.searchParams.get('launch') ?? '';
  const base = parsed.origin;
  async function api<T>(name: string, input: unknown, token: string | null = null): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-onewindow-launch': launchToken };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${base}/api/${name}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
    const body = (await res.json()) as { ok?: boolean; value?: T; error?: { code: string; message: string } } & T;
    if (!res.ok || body.error) throw new Error(`${name}: ${body.error?.code ?? res.status} ${body.error?.message ?? ''}`);
    return (body.value ?? body) as T;
  }
  return {
    url,
    base,
    launchToken,
    dataDir,
    child,
    api,
    async login(username, password = demoPassword) {
      const session = await api<{ token: string }>('session/login', { username, password });
      return session.token;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Registers the app with the gateway as its admin would on the 同步 page. */
export async function registerApp(app: BrowserApp, gatewayUrl: string, code: string, deviceName: string): Promise<{ link: { deviceCode: string; centreName: string } | null }> {
  const token = await app.login('admin');
  return app.api('sync/register', { gatewayUrl, code, deviceName }, token);
}
