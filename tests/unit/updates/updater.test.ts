/**
 * electron-updater itself (the generic provider, its metadata, staged rollout and SHA-512 check)
 * against a real HTTP server on loopback that the test starts, serving a release as IT's intranet
 * server would. Only the parts that need Electron are replaced: the app adapter (version, data
 * folder) and the HTTP client (electron's `net` → Node's, electron-builder's own executor);
 * installing (which quits the app) is observed, not run.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeHttpExecutor } from 'builder-util/out/nodeHttpExecutor.js';
import { configureRequestOptions, configureRequestUrl, type DownloadOptions } from 'builder-util-runtime';
import { AppImageUpdater } from 'electron-updater';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UpdateController } from '../../../src-main/electron/updates.ts';
import { updateRecordPath } from '../../../src-main/services/updates/update-record.ts';
import { useTempDir } from '../../helpers/temp.ts';

const tempDir = useTempDir('onewindow-update-');
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  delete process.env.APPIMAGE;
});

/**
 * electron-updater's Electron executor over Node's http: the same `download` (builder-util-runtime's
 * doDownload, which streams to the file and checks the SHA-512) without electron's `net`.
 */
class NodeDownloadExecutor extends NodeHttpExecutor {
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise((resolve, reject, onCancel) => {
      const requestOptions = { headers: options.headers ?? undefined, redirect: 'manual' };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      const callback = (error: Error | null) => (error == null ? resolve(destination) : reject(error));
      (this as unknown as { doDownload(o: unknown, d: unknown, r: number): void }).doDownload(requestOptions, { destination, options, onCancel, callback, responseHandler: null }, 0);
    });
  }
}

interface Release {
  version: string;
  body: Buffer;
  /** What the server sends instead of `body` (a tampered download), if anything. */
  served?: Buffer;
  stagingPercentage?: number;
}

/** IT's intranet update folder: `latest-linux.yml` (and `previous-linux.yml`) with each file's SHA-512. */
async function updateServer(channels: Record<string, Release>): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const files = new Map<string, Buffer>();
  const yml = new Map<string, string>();
  for (const [channel, release] of Object.entries(channels)) {
    const name = `OneWindow-${release.version}-x86_64.AppImage`;
    const sha512 = createHash('sha512').update(release.body).digest('base64');
    files.set(`/onewindow/${name}`, release.served ?? release.body);
    yml.set(
      `/onewindow/${channel}-linux.yml`,
      [`version: ${release.version}`, 'files:', `  - url: ${name}`, `    sha512: ${sha512}`, `    size: ${release.body.length}`, `path: ${name}`, `sha512: ${sha512}`, `releaseDate: '2026-12-01T08:00:00.000Z'`, ...(release.stagingPercentage === undefined ? [] : [`stagingPercentage: ${release.stagingPercentage}`])].join('\n'),
    );
  }
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    requests.push(path);
    const body = yml.get(path) ?? files.get(path);
    if (!body) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/onewindow/`, requests };
}

function controllerFor(url: string, version: string, gate = { intakeFormOpen: () => false, syncPushing: () => false }, userDataDir = tempDir()) {
  const appImage = join(tempDir(), 'OneWindow.AppImage');
  writeFileSync(appImage, 'the running AppImage');
  process.env.APPIMAGE = appImage;
  const cache = tempDir();
  // As electron-builder writes it into resources/ (see the pack test): where downloads are cached.
  writeFileSync(join(cache, 'app-update.yml'), `provider: generic\nurl: ${url}\nupdaterCacheDirName: onewindow-updater\n`);
  const app = {
    version,
    name: 'OneWindow',
    isPackaged: true,
    appUpdateConfigPath: join(cache, 'app-update.yml'),
    userDataPath: userDataDir,
    baseCachePath: cache,
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
  const updater = new AppImageUpdater(null, app);
  (updater as unknown as { httpExecutor: NodeDownloadExecutor }).httpExecutor = new NodeDownloadExecutor();
  updater.logger = null;
  const install = vi.spyOn(updater, 'quitAndInstall').mockImplementation(() => undefined);
  return { controller: new UpdateController({ updater, feedUrl: url, gate, userDataDir, currentVersion: version }), install, userDataDir };
}

describe('updates from the intranet server', () => {
  it('downloads a newer release whose SHA-512 matches, and installs it once nothing is open', async () => {
    const { url, requests } = await updateServer({ latest: { version: '0.2.0', body: Buffer.from('release 0.2.0 bytes') } });
    let formOpen = true;
    let pushing = true;
    const { controller, install, userDataDir } = controllerFor(url, '0.1.0', { intakeFormOpen: () => formOpen, syncPushing: () => pushing });
    const info = await controller.check();
    expect(info?.version).toBe('0.2.0');
    expect(requests).toEqual(['/onewindow/latest-linux.yml', '/onewindow/OneWindow-0.2.0-x86_64.AppImage']);
    expect(controller.blockedBy()).toBe('受理表单未关闭');
    expect(controller.applyIfSafe()).toBe(false);
    formOpen = false;
    expect(controller.blockedBy()).toBe('正在向中心平台上传');
    expect(controller.applyIfSafe()).toBe(false);
    expect(install).not.toHaveBeenCalled();
    pushing = false;
    expect(controller.applyIfSafe()).toBe(true);
    expect(install).toHaveBeenCalledTimes(1);
    expect(existsSync(updateRecordPath(userDataDir))).toBe(true);
  });

  it('refuses a download whose bytes do not match the SHA-512 in the metadata', async () => {
    const { url } = await updateServer({ latest: { version: '0.2.0', body: Buffer.from('release 0.2.0 bytes'), served: Buffer.from('release 0.2.0 bytez') } });
    const { controller, install } = controllerFor(url, '0.1.0');
    await expect(controller.check()).rejects.toThrow(/sha512 checksum mismatch/);
    expect(controller.ready).toBeNull();
    expect(controller.applyIfSafe()).toBe(false);
    expect(install).not.toHaveBeenCalled();
  });

  it('offers a staged release only to the share of PCs in its rollout', async () => {
    const none = await updateServer({ latest: { version: '0.2.0', body: Buffer.from('x'), stagingPercentage: 0 } });
    expect(await controllerFor(none.url, '0.1.0').controller.check()).toBeNull();
    expect(none.requests).toEqual(['/onewindow/latest-linux.yml']);
    const all = await updateServer({ latest: { version: '0.2.0', body: Buffer.from('x'), stagingPercentage: 100 } });
    expect((await controllerFor(all.url, '0.1.0').controller.check())?.version).toBe('0.2.0');
    // Half the PCs: each PC's place in the rollout is its own random id, kept in its data folder.
    const half = await updateServer({ latest: { version: '0.2.0', body: Buffer.from('x'), stagingPercentage: 50 } });
    const offered = [];
    for (let pc = 0; pc < 16; pc += 1) offered.push((await controllerFor(half.url, '0.1.0').controller.check()) !== null);
    expect(offered.filter(Boolean).length).toBeGreaterThan(0);
    expect(offered.filter(Boolean).length).toBeLessThan(16);
  });

  it('offers nothing when the server has no newer release', async () => {
    const { url } = await updateServer({ latest: { version: '0.1.0', body: Buffer.from('same') } });
    expect(await controllerFor(url, '0.1.0').controller.check()).toBeNull();
  });

  it('rolls back to the previous release when the new version twice fails to reach a working window', async () => {
    const { url, requests } = await updateServer({ latest: { version: '0.2.0', body: Buffer.from('new') }, previous: { version: '0.1.0', body: Buffer.from('old') } });
    const userDataDir = tempDir();
    mkdirSync(userDataDir, { recursive: true });
    writeFileSync(updateRecordPath(userDataDir), JSON.stringify({ from: '0.1.0', to: '0.2.0', failedStarts: 0 }));
    // Two starts of 0.2.0 that never reach a window; the third rolls back.
    expect(await controllerFor(url, '0.2.0', undefined, userDataDir).controller.rollBackIfFailing()).toBe('watching');
    expect(await controllerFor(url, '0.2.0', undefined, userDataDir).controller.rollBackIfFailing()).toBe('watching');
    const third = controllerFor(url, '0.2.0', undefined, userDataDir);
    expect(await third.controller.rollBackIfFailing()).toBe('rolling-back');
    expect(requests).toContain('/onewindow/previous-linux.yml');
    expect(requests).toContain('/onewindow/OneWindow-0.1.0-x86_64.AppImage');
    expect(third.install).toHaveBeenCalledTimes(1);
  });

  it('a new version that reaches its window is kept', async () => {
    const { url } = await updateServer({ latest: { version: '0.2.0', body: Buffer.from('new') } });
    const userDataDir = tempDir();
    writeFileSync(updateRecordPath(userDataDir), JSON.stringify({ from: '0.1.0', to: '0.2.0', failedStarts: 0 }));
    const first = controllerFor(url, '0.2.0', undefined, userDataDir).controller;
    expect(await first.rollBackIfFailing()).toBe('watching');
    first.started();
    expect(existsSync(updateRecordPath(userDataDir))).toBe(false);
    expect(await controllerFor(url, '0.2.0', undefined, userDataDir).controller.rollBackIfFailing()).toBe('none');
  });
});
