import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserServer, type BrowserServer } from '../../../src-main/browser-mode/server.ts';
import { serveOverHttp, testRendererDir as rendererDir } from '../../helpers/browser-server.ts';
import { contentSecurityPolicyHeader } from '../../../src-main/domain/security/csp.ts';
import type { Services } from '../../../src-main/host/boot.ts';
import { bootDemo } from '../../helpers/services.ts';

let services: Services;
let server: BrowserServer;

beforeAll(async () => {
  services = bootDemo();
  server = await serveOverHttp(services);
});
afterAll(async () => {
  await server.close();
  services.close();
});

/** Raw HTTP, so the Host header can be set as a hostile page would. */
function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: options.method ?? 'POST', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const api = (name: string, body: unknown, extra: Record<string, string> = {}) =>
  send(`/api/${name}`, { headers: { 'x-onewindow-launch': server.launchToken, 'content-type': 'application/json', ...extra }, body: JSON.stringify(body) });

describe('browser mode server', () => {
  it('listens on loopback only and prints a URL carrying the launch token', () => {
    expect(server.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?launch=${server.launchToken}`);
  });

  it('answers API calls that carry the launch token', async () => {
    const response = await api('system/info', {});
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, value: { centre: { name: '大连市甘井子区政务服务中心' } } });
  });

  it('refuses API calls without the launch token or with a wrong one', async () => {
    const missing = await send('/api/system/info', { body: '{}' });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body).error.message).toContain('启动令牌');
    const wrong = await api('system/info', {}, { 'x-onewindow-launch': 'guess' });
    expect(wrong.status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const response = await api('system/info', {}, { host: `evil.example:${server.port}` });
    expect(response.status).toBe(421);
  });

  it('maps errors to HTTP statuses with the structured error in the body', async () => {
    const unauthenticated = await api('cases/list', {});
    expect(unauthenticated.status).toBe(401);
    const malformed = await send('/api/cases/list', { headers: { 'x-onewindow-launch': server.launchToken }, body: '{oops' });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body).error.message).toContain('不是有效的 JSON');
    const unknown = await api('nothing/here', {});
    expect(unknown.status).toBe(404);
  });

  it('serves the renderer with the strict CSP header', async () => {
    const response = await send('/', { method: 'GET' });
    expect(response.status).toBe(200);
    expect(response.headers['content-security-policy']).toBe(contentSecurityPolicyHeader);
  });

  it('lets the browser keep the built assets, named by their content, but never index.html, which names them', async () => {
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'assets', 'app-BSeNo6DY.js'), 'export {};');
    writeFileSync(join(rendererDir, 'assets', 'unhashed.js'), 'export {};');
    const asset = await send('/assets/app-BSeNo6DY.js', { method: 'GET' });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const path of ['/', '/index.html', '/assets/unhashed.js', '/assets/missing-BSeNo6DY.js']) {
      expect((await send(path, { method: 'GET' })).headers['cache-control'], path).toBe('no-store');
    }
  });

  it('does not serve files outside the renderer folder', async () => {
    const response = await send('/../../../../etc/passwd', { method: 'GET' });
    expect(response.body).not.toContain('root:');
  });
});

describe('a port already in use', () => {
  async function occupy(): Promise<{ port: number; close: () => Promise<void> }> {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return { port, close: () => new Promise((resolve) => blocker.close(() => resolve())) };
  }

  it('is named, with what to do, when the port was asked for explicitly', async () => {
    const blocker = await occupy();
    await expect(
      startBrowserServer({ callApi: () => Promise.reject(new Error('unused')), rendererDir, port: blocker.port, fallbackPort: false }),
    ).rejects.toThrow(`端口 ${blocker.port} 已被占用`);
    await blocker.close();
  });

  it('is replaced by a free one when it was only the default', async () => {
    const blocker = await occupy();
    const other = await startBrowserServer({ callApi: () => Promise.reject(new Error('unused')), rendererDir, port: blocker.port, fallbackPort: true });
    expect(other.port).not.toBe(blocker.port);
    await other.close();
    await blocker.close();
  });
});
