import { existsSync, readFileSync, readdirSync, utimesSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBrowserServer, type BrowserServer } from '../../../src-main/browser-mode/server.ts';
import { handleSaveDownload, type DownloadChannelOptions } from '../../../src-main/electron/download.ts';
import type { Services } from '../../../src-main/host/boot.ts';
import { downloadsDir } from '../../../src-main/services/exports/downloads.ts';
import { testRendererDir } from '../../helpers/browser-server.ts';
import { bootDemo, loginAs } from '../../helpers/services.ts';
import { useFileTempDir } from '../../helpers/temp.ts';

const tempDir = useFileTempDir('onewindow-saved-');

// The shell's security module imports Electron, whose binary cannot run here (TOOLCHAIN.md).
vi.mock('electron', async () => (await import('../electron/fake-electron.ts')).fakeElectronModule());

let services: Services;
let server: BrowserServer;
let supervisor: string;

beforeAll(async () => {
  services = bootDemo();
  server = await startBrowserServer({
    callApi: (name, input, token) => services.dispatcher.call(name, input, token),
    rendererDir: testRendererDir,
    port: 0,
    fallbackPort: false,
    dataDir: services.env.dataDir,
  });
  supervisor = await loginAs(services, 'supervisor');
});
afterAll(async () => {
  await server.close();
  services.close();
});

function get(path: string, host = `127.0.0.1:${server.port}`) {
  return new Promise<{ status: number; body: Buffer; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'GET', headers: { host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function exportCsv(): Promise<{ fileName: string; downloadId: string; rows: number } & Record<string, unknown>> {
  const result = await services.dispatcher.call('exports/create', { from: '2026-11-01', to: '2026-11-26', format: 'csv' }, supervisor);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as { fileName: string; downloadId: string; rows: number };
}

describe('an export handed over without its bytes in the API answer', () => {
  it('answers with an id and no file content; browser mode streams the file once, then it is gone', async () => {
    const file = await exportCsv();
    expect(Object.keys(file).sort()).toEqual(['downloadId', 'fileName', 'masked', 'mimeType', 'rows']);
    expect(file.downloadId).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const first = await get(`/download/${file.downloadId}`);
    expect(first.status).toBe(200);
    // CSV with a UTF-8 BOM, then the header row: the real file, whole.
    expect([...first.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(first.body.subarray(3).toString('utf8').split('\r\n')[0]).toContain('办件编号');
    expect(Number(first.headers['content-length'])).toBe(first.body.length);
    expect(String(first.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    expect(first.headers['cache-control']).toBe('no-store');

    const again = await get(`/download/${file.downloadId}`);
    expect(again.status).toBe(404);
    expect(again.body.toString('utf8')).toBe('该导出文件已下载或已过期，请重新导出。');
    // Removed once the stream has ended on the server's side, just after the client's end.
    await vi.waitFor(() => expect(readdirSync(downloadsDir(services.env.dataDir))).toEqual([]));
  });

  it('refuses a guessed, malformed or path-walking id, and a foreign Host, without touching the staged file', async () => {
    const file = await exportCsv();
    for (const path of ['/download/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/download/..%2F..%2Fonewindow.db', `/download/${file.downloadId.slice(1)}`]) {
      expect((await get(path)).status, path).toBe(404);
    }
    // A DNS-rebinding page names another host: refused before any file is looked at.
    expect((await get(`/download/${file.downloadId}`, `evil.example:${server.port}`)).status).toBe(421);
    expect((await get(`/download/${file.downloadId}`)).status).toBe(200);
  });

  it('removes a file nobody took after ten minutes, at the next export', async () => {
    const stale = await exportCsv();
    const folder = join(downloadsDir(services.env.dataDir), stale.downloadId);
    const old = new Date(Date.now() - 11 * 60_000);
    utimesSync(folder, old, old);
    utimesSync(join(folder, stale.fileName), old, old);
    const fresh = await exportCsv();
    expect(existsSync(folder)).toBe(false);
    expect((await get(`/download/${stale.downloadId}`)).status).toBe(404);
    expect((await get(`/download/${fresh.downloadId}`)).status).toBe(200);
  });
});

describe('the Electron shell saves an export where the supervisor chooses', () => {
  const appUrl = 'file:///opt/onewindow/out/renderer/index.html';
  const ownFrame = { url: `${appUrl}#/daily-log`, parent: null, top: null };
  const event = (frame: unknown = ownFrame, id = 7) => ({ sender: { id }, senderFrame: frame }) as Parameters<typeof handleSaveDownload>[0];
  const options = (choice: { canceled: boolean; filePath?: string }, asked: unknown[] = []): DownloadChannelOptions => ({
    appUrl,
    windowContentsId: () => 7,
    parentWindow: () => null,
    dialog: {
      showSaveDialog: ((...args: unknown[]) => {
        asked.push(args.at(-1));
        return Promise.resolve({ canceled: choice.canceled, filePath: choice.filePath ?? '' });
      }) as DownloadChannelOptions['dialog']['showSaveDialog'],
    },
    defaultDirectory: () => '/home/supervisor/文档',
    dataDir: () => services.env.dataDir,
  });

  it('copies the staged file to the chosen path and removes the staged copy', async () => {
    const file = await exportCsv();
    const target = join(tempDir(), '十一月');
    const asked: unknown[] = [];
    const result = await handleSaveDownload(event(), file.downloadId, options({ canceled: false, filePath: target }, asked));
    expect(result).toEqual({ ok: true, path: `${target}.csv` });
    expect(asked[0]).toMatchObject({ defaultPath: `/home/supervisor/文档/${file.fileName}` });
    expect(readFileSync(`${target}.csv`).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(existsSync(join(downloadsDir(services.env.dataDir), file.downloadId))).toBe(false);
  });

  it('a cancelled dialog saves nothing and still removes the staged copy', async () => {
    const file = await exportCsv();
    expect(await handleSaveDownload(event(), file.downloadId, options({ canceled: true }))).toMatchObject({ ok: false, reason: 'cancelled' });
    expect(existsSync(join(downloadsDir(services.env.dataDir), file.downloadId))).toBe(false);
  });

  it('refuses another window, a subframe or another page, and leaves the file for the rightful window', async () => {
    const file = await exportCsv();
    const noDialog = options({ canceled: false, filePath: '/tmp/should-not-exist.csv' });
    expect(await handleSaveDownload(event(ownFrame, 8), file.downloadId, noDialog)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await handleSaveDownload(event({ url: 'https://evil.example/', parent: null, top: null }), file.downloadId, noDialog)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await handleSaveDownload(event({ url: `${appUrl}#/daily-log`, parent: ownFrame, top: ownFrame }), file.downloadId, noDialog)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(existsSync('/tmp/should-not-exist.csv')).toBe(false);
    expect(existsSync(join(downloadsDir(services.env.dataDir), file.downloadId))).toBe(true);
    expect(await handleSaveDownload(event(), 'not-an-id', noDialog)).toMatchObject({ ok: false, reason: 'failed', message: '该导出文件已保存或已过期，请重新导出。' });
  });
});
