import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.ts';

/**
 * The fault proxy is the instrument every sync fault test relies on, so each fault is checked
 * against a real upstream that counts what actually reached it.
 */
describe('fault proxy', () => {
  let upstream: Server;
  let received: { path: string; body: string }[];
  let proxy: FaultProxy;
  const answer = JSON.stringify({ results: Array.from({ length: 50 }, (_, i) => ({ id: `event-${i}`, outcome: 'applied' })) });

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(answer);
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    proxy = await startFaultProxy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => upstream.close(resolve));
  });
  beforeEach(() => {
    received = [];
    proxy.clear();
    proxy.online();
  });

  const post = (path: string, body = '{"items":[1,2,3]}'): Promise<Response> =>
    fetch(`${proxy.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

  it('passes a request through untouched when no rule matches', async () => {
    const res = await post('/sync/push');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(answer);
    expect(received).toEqual([{ path: '/sync/push', body: '{"items":[1,2,3]}' }]);
  });

  it('lose-response: the upstream commits, the client sees a reset', async () => {
    proxy.inject({ fault: { kind: 'lose-response' } });
    await expect(post('/sync/push')).rejects.toThrow();
    expect(received).toHaveLength(1);
    // The rule was used up: the retry goes through.
    expect((await post('/sync/push')).status).toBe(200);
    expect(received).toHaveLength(2);
  });

  it('reset-request: the upstream never sees the request', async () => {
    proxy.inject({ fault: { kind: 'reset-request', afterBytes: 4 } });
    await expect(post('/sync/push', 'x'.repeat(200_000))).rejects.toThrow();
    expect(received).toHaveLength(0);
  });

  it('truncate-response: the body stops mid-JSON', async () => {
    proxy.inject({ fault: { kind: 'truncate-response', bytes: 40 } });
    const outcome = await post('/sync/push')
      .then(async (res) => JSON.parse(await res.text()) as unknown)
      .catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(Error);
    expect(received).toHaveLength(1);
  });

  it('latency holds the request before forwarding it', async () => {
    proxy.inject({ fault: { kind: 'latency', ms: 300 } });
    const started = performance.now();
    expect((await post('/sync/pull')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('trickle delivers the whole body, slowly', async () => {
    proxy.inject({ fault: { kind: 'trickle', bytesPerTick: 500, tickMs: 20 } });
    const started = performance.now();
    const res = await post('/sync/pull');
    expect(await res.text()).toBe(answer);
    const ticks = Math.ceil(Buffer.byteLength(answer) / 500);
    expect(performance.now() - started).toBeGreaterThanOrEqual((ticks - 1) * 20);
  });

  it('status answers itself with Retry-After and forwards nothing', async () => {
    proxy.inject({ fault: { kind: 'status', status: 503, retryAfterSeconds: 7 } });
    const res = await post('/sync/push');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(received).toHaveLength(0);
  });

  it('duplicate delivers the same request twice upstream', async () => {
    proxy.inject({ fault: { kind: 'duplicate' } });
    expect((await post('/sync/push', '{"batch":1}')).status).toBe(200);
    expect(received.map((r) => r.body)).toEqual(['{"batch":1}', '{"batch":1}']);
  });

  it('deliver-late resets the client at once and delivers the request upstream later', async () => {
    proxy.inject({ fault: { kind: 'deliver-late', ms: 200 } });
    await expect(post('/sync/push', '{"stale":1}')).rejects.toThrow();
    expect(received).toHaveLength(0);
    expect((await post('/sync/push', '{"fresh":1}')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(received.map((r) => r.body)).toEqual(['{"fresh":1}', '{"stale":1}']);
  });

  it('afterForward runs its hook once, after the upstream answered and before the client hears', async () => {
    const order: string[] = [];
    proxy.afterForward('/sync/push', async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      order.push(`hook after ${received.length}`);
    });
    const res = await post('/sync/push');
    order.push('client');
    expect(res.status).toBe(200);
    await post('/sync/push');
    expect(order).toEqual(['hook after 1', 'client']);
  });

  it('offline resets every connection until online again', async () => {
    proxy.offline();
    await expect(post('/sync/push')).rejects.toThrow();
    proxy.online();
    expect((await post('/sync/push')).status).toBe(200);
    expect(received).toHaveLength(1);
  });

  it('a rule applies to its path and its count only', async () => {
    proxy.inject({ fault: { kind: 'status', status: 401 }, pathPrefix: '/sync/pull', times: 2 });
    expect((await post('/sync/push')).status).toBe(200);
    expect((await post('/sync/pull')).status).toBe(401);
    expect((await post('/sync/pull')).status).toBe(401);
    expect((await post('/sync/pull')).status).toBe(200);
    expect(proxy.log.slice(-4).map((entry) => entry.fault)).toEqual(['pass', 'status', 'status', 'pass']);
  });
});
