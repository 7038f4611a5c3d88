/**
 * The service thread dies, for real (its Worker is terminated mid-call), and nobody waits: the
 * call in flight and every call while it restarts are answered at once, then it serves again.
 * And a database file that cannot be written is named at start, before anything hangs.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bootServices } from '../../../src-main/host/boot.ts';
import { demoPassword } from '../../../src-main/services/demo/seed.ts';
import { databasePath } from '../../../src-main/services/paths.ts';
import { ServiceHost } from '../../../src-main/host/service-host.ts';
import { testRendererDir } from '../../helpers/browser-server.ts';
import { useFileTempDir } from '../../helpers/temp.ts';

const threadDir = useFileTempDir('onewindow-thread-');
const readonlyDir = useFileTempDir('onewindow-readonly-');

const hosts: ServiceHost[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
});

async function startHost(): Promise<ServiceHost> {
  const host = await ServiceHost.start({ dataDir: threadDir(), appVersion: 'test' });
  hosts.push(host);
  return host;
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not met in time');
}

describe('a service thread that dies', () => {
  it('answers the call in flight and every call while it restarts at once, then serves again', async () => {
    const host = await startHost();
    expect((await host.call('system/info', {}, null)).ok).toBe(true);
    const firstThread = host.thread.threadId;

    // A login spends ~100 ms in scrypt: the thread is killed while it is inside it.
    const inFlight = host.call('session/login', { username: 'clerk', password: demoPassword }, null);
    await host.thread.terminate();
    const started = performance.now();
    const answer = await inFlight;
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(answer).toMatchObject({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('服务线程意外停止') as string } });

    const during = await host.call('system/info', {}, null);
    expect(during).toMatchObject({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('正在重新启动') as string } });

    await until(async () => (await host.call('system/info', {}, null)).ok, 30_000);
    expect(host.thread.threadId).not.toBe(firstThread);
    expect((await host.call('session/login', { username: 'clerk', password: demoPassword }, null)).ok).toBe(true);
  });

  it('stops serving, saying why, when it keeps dying, and tells the shell to stop the app', async () => {
    const host = await startHost();
    const fatal: string[] = [];
    host.onFatal = (error) => fatal.push(error.message);
    for (let death = 0; death < 4; death++) {
      await until(async () => (await host.call('system/info', {}, null)).ok, 30_000);
      await host.thread.terminate();
    }
    await until(async () => fatal.length > 0, 5_000);
    expect(fatal[0]).toContain('反复停止');
    const after = await host.call('system/info', {}, null);
    expect(after).toMatchObject({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', message: fatal[0] } });
  });
});

describe('a database file that cannot be written', () => {
  it('is named at start, in Chinese, by browser mode run as an ordinary user; nothing is touched', () => {
    const dataDir = readonlyDir();
    bootServices({ dataDir, appVersion: 'test' }).close();
    // An ordinary user owns the folder (writable) but the database file is read-only to them.
    // Root ignores file modes, so the app runs as `nobody` here, as a clerk's account would.
    chownSync(dataDir, 65534, 65534);
    chmodSync(dataDir, 0o755);
    for (const file of readdirSync(dataDir)) chownSync(join(dataDir, file), 65534, 65534);
    chmodSync(databasePath(dataDir), 0o444);
    chmodSync(testRendererDir, 0o755);
    const before = spawnSync('sha256sum', [databasePath(dataDir)], { encoding: 'utf8' }).stdout;

    const run = spawnSync(process.execPath, ['src-main/browser-mode/main.ts', '--port', '0', '--data-dir', dataDir, '--renderer', testRendererDir], {
      uid: 65534,
      gid: 65534,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(`数据库文件 ${databasePath(dataDir)} 是只读的`);
    expect(spawnSync('sha256sum', [databasePath(dataDir)], { encoding: 'utf8' }).stdout).toBe(before);
  });
});
