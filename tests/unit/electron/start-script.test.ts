/**
 * `node scripts/start.ts` on a machine without the Electron binary (this one): it says so in
 * Chinese and English, runs browser mode with the same arguments, forwards Ctrl+C and exits
 * with browser mode's code.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { findElectronBinary } from '../../../src-main/electron/binary.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
let dataDir: string | undefined;
let child: ChildProcess | undefined;

beforeAll(() => {
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    execFileSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'pipe' });
  }
}, 300_000);

afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const fallback = 'Electron 可执行文件不可用（本机未下载 Electron），改用浏览器模式 / Electron binary not available; starting browser mode';

// Where the binary exists, start.ts opens the real app instead: nothing to check headless.
it.skipIf(findElectronBinary().available)('passes the arguments on and exits with browser mode’s exit code', () => {
  let status: number | null = null;
  let output = '';
  try {
    execFileSync(process.execPath, [join(root, 'scripts', 'start.ts'), '--port', 'not-a-port'], { cwd: root, stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    const failed = error as { status: number | null; stdout: string; stderr: string };
    status = failed.status;
    output = failed.stdout + failed.stderr;
  }
  expect(output).toContain(fallback);
  expect(output).toContain('--port 应为 0 到 65535 之间的整数，收到“not-a-port”。');
  expect(status).toBe(2);
});

it.skipIf(findElectronBinary().available)('falls back to browser mode, passes the arguments on, and stops cleanly on SIGINT', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'onewindow-start-'));
  const started = spawn(process.execPath, [join(root, 'scripts', 'start.ts'), '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = started;
  let output = '';
  started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => started.on('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser mode did not start:\n${output}`)), 60_000);
    started.stdout?.on('data', () => {
      const match = /ONEWINDOW_URL=(\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => reject(new Error(`start.ts exited (${code}) early:\n${output}`)));
  });

  expect(output).toContain(fallback);
  expect(output).toContain(`数据目录：${dataDir}`); // --data-dir reached browser mode
  const page = await fetch(url);
  expect(page.status).toBe(200);

  started.kill('SIGINT');
  expect(await exited).toBe(0);
  // The browser-mode process (its own process group) is gone with it: the port no longer answers.
  await expect(fetch(url)).rejects.toThrow();
});
