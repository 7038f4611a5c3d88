import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

const repoRoot = join(import.meta.dirname, '..', '..');
const screensDir = join(repoRoot, 'tests', 'artifacts', 'screens');

export const demoPassword = 'Demo@2026';

export interface BrowserMode {
  /** The full address with the launch token, as printed by browser mode. */
  url: string;
  dataDir: string;
}

export interface PageProblems {
  /** securitypolicyviolation events, from every document the page loaded. */
  cspViolations: string[];
  /** Console errors and CSP console reports that no test expected. */
  consoleErrors: string[];
  pageErrors: string[];
}

/** Starts browser mode on a free port with a fresh (demo-seeded, unless `--no-demo`) data dir. */
async function startBrowserMode(extraArgs: readonly string[] = []): Promise<{ mode: BrowserMode; child: ChildProcess }> {
  // The copy of the build taken for this run (global-setup.ts), else the build itself.
  const renderer = process.env.ONEWINDOW_E2E_RENDERER ?? join(repoRoot, 'out', 'renderer');
  if (!existsSync(join(renderer, 'index.html'))) {
    throw new Error(`找不到 ${renderer}/index.html。请先运行 npx electron-vite build。`);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'onewindow-e2e-'));
  const child = spawn(
    process.execPath,
    ['src-main/browser-mode/main.ts', '--port', '0', '--data-dir', dataDir, '--renderer', renderer, ...extraArgs],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser mode did not print its URL within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /^ONEWINDOW_URL=(\S+)$/m.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser mode exited with code ${code}:\n${output}`));
    });
  });
  return { mode: { url, dataDir }, child };
}

async function stopBrowserMode(child: ChildProcess, dataDir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timeout = new Promise((resolve) => setTimeout(resolve, 5_000));
    await Promise.race([exited, timeout]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  await rm(dataDir, { recursive: true, force: true });
}

// Runs in the page (a string, not a function: the e2e code is type-checked without DOM types).
const cspListener = `
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__owCspViolation(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') +
      ' at ' + event.sourceFile + ':' + event.lineNumber + ' ' + (event.sample || ''));
  });
`;

/**
 * The build puts the one CSP (src-main/domain/security/csp.ts) into a <meta> tag as well as the
 * browser-mode header; Chromium notes once per load that frame-ancestors has no effect in a meta
 * tag. That is a remark about the policy's delivery, not a violation by the page; anything
 * else mentioning the CSP fails the test.
 */
const metaFrameAncestorsNotice = "The Content Security Policy directive 'frame-ancestors' is ignored when delivered via a <meta> element.";

/**
 * An API error answered with 4xx is logged by Chromium as "Failed to load resource"; those are
 * errors the app shows to the clerk (wrong password, expired session), not faults of the page.
 */
function isExpectedApiStatus(text: string, url: string): boolean {
  return /^Failed to load resource: the server responded with a status of 4\d\d/.test(text) && new URL(url).pathname.startsWith('/api/');
}

/**
 * One browser-mode server at a time per worker, replaced when the key changes: the spec file, or
 * the test itself for a spec that asked for a fresh server per test (`freshServerPerTest`).
 */
class ServerPerKey {
  private current: { key: string; mode: BrowserMode; child: ChildProcess } | null = null;

  async forKey(key: string, extraArgs: readonly string[] = []): Promise<BrowserMode> {
    if (this.current?.key === key && this.current.child.exitCode === null) return this.current.mode;
    await this.stop();
    const started = await startBrowserMode(extraArgs);
    this.current = { key, ...started };
    return started.mode;
  }

  async stop(): Promise<void> {
    if (!this.current) return;
    const { child, mode } = this.current;
    this.current = null;
    await stopBrowserMode(child, mode.dataDir);
  }
}

export const test = base.extend<{ browserMode: BrowserMode; problems: PageProblems; freshServerPerTest: boolean; browserModeArgs: string[] }, { servers: ServerPerKey }>({
  servers: [
    async ({}, use) => {
      const servers = new ServerPerKey();
      try {
        await use(servers);
      } finally {
        await servers.stop();
      }
    },
    { scope: 'worker' },
  ],

  // `test.use({ freshServerPerTest: true })`: each test of the spec gets its own server, for specs
  // that assert on the demo data exactly as seeded.
  freshServerPerTest: [false, { option: true }],

  // `test.use({ browserModeArgs: ['--no-demo'] })`: a spec whose server starts otherwise than the demo.
  browserModeArgs: [[], { option: true }],

  // A fresh data dir for each spec file: a file's tests share one server (in order), and no file
  // sees what another file's tests wrote (notes, new cases, failed logins).
  browserMode: [
    async ({ servers, freshServerPerTest, browserModeArgs }, use, testInfo) => {
      await use(await servers.forKey(freshServerPerTest ? `${testInfo.file}#${testInfo.testId}` : testInfo.file, browserModeArgs));
    },
    { timeout: 90_000 },
  ],

  // Collected on every page of every test, and asserted empty after each test.
  problems: [
    async ({ page }, use) => {
      const problems: PageProblems = { cspViolations: [], consoleErrors: [], pageErrors: [] };
      await page.exposeFunction('__owCspViolation', (text: string) => problems.cspViolations.push(text));
      await page.addInitScript({ content: cspListener });
      page.on('console', (message) => {
        const text = message.text();
        const url = message.location().url;
        if (text === metaFrameAncestorsNotice) return;
        if (/Content.Security.Policy/i.test(text)) problems.consoleErrors.push(`[${message.type()}] ${text}`);
        else if (message.type() === 'error' && !isExpectedApiStatus(text, url)) problems.consoleErrors.push(`${text} (${url})`);
      });
      page.on('pageerror', (error) => problems.pageErrors.push(error.message));
      await use(problems);
      expect(problems.cspViolations, 'CSP violations').toEqual([]);
      expect(problems.consoleErrors, 'console errors').toEqual([]);
      expect(problems.pageErrors, 'uncaught page errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Opens the app with the launch token, as a clerk would from the printed address. */
export async function openApp(page: Page, mode: BrowserMode): Promise<void> {
  await page.goto(mode.url);
  await expect(page.getByRole('heading', { name: '一窗通', level: 1 })).toBeVisible();
  await expect(page.getByTestId('centre-name')).toHaveText('大连市甘井子区政务服务中心');
}

export async function login(page: Page, mode: BrowserMode, username: string, password = demoPassword): Promise<void> {
  await openApp(page, mode);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByLabel('密码', { exact: true }).press('Enter');
  // A login hashes the password (scrypt) in the service thread: on a busy shared machine that
  // alone can take longer than the default wait for a screen.
  await expect(page.getByRole('navigation', { name: '功能区' })).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId('status-user')).toBeVisible();
}

export async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('button', { name: '登录', exact: true })).toBeVisible();
  await expect(page.getByRole('navigation', { name: '功能区' })).toHaveCount(0);
}

/** Saves tests/artifacts/screens/<name>.png once the screen has settled. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screensDir, { recursive: true });
  // Spinners of loading masks gone: a screenshot of a half-loaded screen tells nothing.
  await expect(page.locator('.el-loading-mask')).toHaveCount(0);
  await page.screenshot({ path: join(screensDir, `${name}.png`), animations: 'disabled' });
}

/**
 * Calls browser mode's API from the test (not the page), as `username`: for setting up what a
 * flow needs (an account to reset, a setting) without clicking through other screens.
 */
export async function apiAs<T>(mode: BrowserMode, username: string, name: string, input: unknown, password = demoPassword): Promise<T> {
  const url = new URL(mode.url);
  const launch = url.searchParams.get('launch') ?? '';
  const post = async (op: string, body: unknown, token?: string): Promise<unknown> => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-onewindow-launch': launch };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(new URL(`/api/${op}`, url), { method: 'POST', headers, body: JSON.stringify(body) });
    const result = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
    if (!result.ok) throw new Error(`${op}: ${result.error?.message ?? response.status}`);
    return result.value;
  };
  const session = (await post('session/login', { username, password })) as { token: string };
  try {
    return (await post(name, input, session.token)) as T;
  } finally {
    await post('session/logout', {}, session.token);
  }
}
