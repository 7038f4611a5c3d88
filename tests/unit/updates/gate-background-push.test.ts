/**
 * The update gate sees the sync engine's own background push, not only a `sync/` call: a real
 * service thread (ServiceHost) on a PC registered with a real gateway (embedded PostgreSQL),
 * whose push the fault proxy between them holds for a few seconds. While it is held no API call
 * runs, yet the gate says an upload is under way and a downloaded update waits; once the push is
 * through, the gate opens. Heavy (a gateway process, a worker thread): run it under the lock.
 */
import { EventEmitter } from 'node:events';
import type { AppUpdater } from 'electron-updater';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SyncStatusView } from '../../../src-main/domain/api/sync-views.ts';
import { shellGate, UpdateController } from '../../../src-main/electron/updates.ts';
import { ServiceHost } from '../../../src-main/host/service-host.ts';
import { demoPassword } from '../../../src-main/services/demo/seed.ts';
import type { DemoGateway } from '../../../scripts/sync-gateway.ts';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.ts';
import { acceptAndTransfer, startSyncApp, startTestGateway, stopAllSyncApps } from '../../helpers/sync.ts';
import { useTempDir } from '../../helpers/temp.ts';

const tempDir = useTempDir('onewindow-gate-');
let gateway: DemoGateway;
let proxy: FaultProxy;
let dataDir: string;
const heldMs = 4000;

beforeAll(async () => {
  gateway = await startTestGateway('onewindow-gate-gw-');
  proxy = await startFaultProxy(gateway.url);
  // A window PC registered through the proxy, with two events of a new case waiting to be sent.
  const app = await startSyncApp({ ...gateway, url: proxy.url }, { role: 'window', users: ['clerk'] });
  await acceptAndTransfer(app, 'GJZ-SCJG-0001', '更新闸门演示');
  dataDir = app.services.env.dataDir;
  expect(app.pendingCount()).toBe(2);
  await stopAllSyncApps();
}, 600_000);

afterAll(async () => {
  await proxy?.close();
  await gateway?.stop();
}, 120_000);

/** electron-updater as far as the controller uses it, with one release already downloaded. */
function fakeUpdater() {
  const events = new EventEmitter();
  const quitAndInstall = vi.fn();
  const updater = Object.assign(events, { setFeedURL: vi.fn(), quitAndInstall, autoDownload: false, autoInstallOnAppQuit: true }) as unknown as AppUpdater;
  return { updater, quitAndInstall, downloaded: (version: string) => events.emit('update-downloaded', { version }) };
}

describe('the update gate and the sync engine’s background push', () => {
  it('holds a downloaded update while the background loop is pushing, and lets it through after', async () => {
    proxy.inject({ fault: { kind: 'latency', ms: heldMs }, pathPrefix: '/v1/push' });
    const host = await ServiceHost.start({ dataDir, appVersion: 'test', siteFile: null });
    try {
      const { updater, quitAndInstall, downloaded } = fakeUpdater();
      const controller = new UpdateController({ updater, feedUrl: 'http://127.0.0.1:9/', gate: shellGate(() => null, () => host), userDataDir: tempDir(), currentVersion: '0.1.0' });
      downloaded('0.2.0');

      // Nobody called sync/: the push is the engine's own, started by its loop at start.
      await vi.waitFor(() => expect(host.syncPushing).toBe(true), { timeout: 20_000, interval: 50 });
      expect(host.busyWith('sync/')).toBe(false);
      expect(controller.blockedBy()).toBe('正在向中心平台上传');
      expect(controller.applyIfSafe()).toBe(false);
      expect(quitAndInstall).not.toHaveBeenCalled();

      await vi.waitFor(() => expect(host.syncPushing).toBe(false), { timeout: heldMs + 20_000, interval: 50 });
      expect(proxy.log.filter((entry) => entry.path.startsWith('/v1/push')).map((entry) => entry.fault)).toContain('latency');
      const login = await host.call('session/login', { username: 'clerk', password: demoPassword }, null);
      const token = login.ok ? (login.value as { token: string }).token : null;
      const status = await host.call('sync/status', {}, token);
      expect(status.ok && (status.value as SyncStatusView).pending).toBe(0);
      expect(controller.blockedBy()).toBeNull();
      expect(controller.applyIfSafe()).toBe(true);
      expect(quitAndInstall).toHaveBeenCalledOnce();
    } finally {
      await host.stop();
    }
  }, 120_000);
});
