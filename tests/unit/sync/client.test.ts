/**
 * The app's HTTP side of sync against a real server on loopback that misbehaves the ways a
 * gateway or a proxy in front of it does: garbage, a body of the wrong shape, busy with
 * Retry-After, silent. Each becomes a failure with a Chinese message and says whether waiting helps.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backoff } from '../../../src-main/services/sync/backoff.ts';
import { GatewayClient, SyncFailure, waitingHelps } from '../../../src-main/services/sync/client.ts';
import { parseGatewayUrl, Transport } from '../../../src-main/services/sync/transport.ts';

let server: Server;
let base: URL;
let answer: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} v${String(req.headers['onewindow-protocol'])}`);
    answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failureOf(promise: Promise<unknown>): Promise<SyncFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SyncFailure) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

const client = (timeoutMs = 5000) => new GatewayClient(new Transport({ timeoutMs }), base);

describe('the gateway address', () => {
  it('refuses plain HTTP to any address but this machine, saying why and what to use', () => {
    expect(() => parseGatewayUrl('http://10.20.30.40:8443')).toThrow(/不能用未加密的 http 连接 10\.20\.30\.40.*https:\/\//);
    expect(() => parseGatewayUrl('http://gateway.dl.gov.cn')).toThrow(/未加密/);
    expect(() => parseGatewayUrl('ftp://gateway')).toThrow(/https:\/\//);
    expect(() => parseGatewayUrl('不是地址')).toThrow(/无法识别/);
    expect(parseGatewayUrl('http://127.0.0.1:8080/').href).toBe('http://127.0.0.1:8080/');
    expect(parseGatewayUrl('https://gateway.dl.gov.cn:8443/sync/').pathname).toBe('/sync');
  });

  it('a stored plain-HTTP address off loopback is refused again before anything is sent', async () => {
    const failure = await failureOf(new GatewayClient(new Transport(), new URL('http://192.0.2.10:80')).session('t'.repeat(40)));
    expect(failure.message).toMatch(/未加密/);
    expect(failure.kind).toBe('VALIDATION');
  });
});

describe('answers that are not what the protocol says', () => {
  it('a 200 that is not JSON (a proxy page) is garbage: nothing stored, retried later', async () => {
    answer = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>portal login</html>');
    const failure = await failureOf(client().session('t'.repeat(40)));
    expect(failure.kind).toBe('GARBAGE');
    expect(failure.message).toMatch(/无法识别.*不是 JSON.*不会丢失或重复/);
    expect(waitingHelps(failure.kind)).toBe(true);
  });

  it('JSON of the wrong shape is garbage too, naming where it went wrong', async () => {
    answer = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ epoch: 'e', results: 'nope' }));
    const failure = await failureOf(client().push('t'.repeat(40), { deviceClock: new Date().toISOString(), auditHead: null, items: [] }));
    expect(failure.kind).toBe('GARBAGE');
    expect(failure.message).toMatch(/格式不符/);
  });

  it('a busy gateway: its Retry-After is kept, in milliseconds, with its own Chinese message', async () => {
    answer = (_req, res) =>
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '7' }).end(JSON.stringify({ error: { code: 'UNAVAILABLE', message: '中心平台正在维护，请稍后', retryAfterSeconds: 7 } }));
    const failure = await failureOf(client().session('t'.repeat(40)));
    expect(failure.kind).toBe('UNAVAILABLE');
    expect(failure.retryAfterMs).toBe(7000);
    expect(failure.message).toBe('中心平台正在维护，请稍后');
  });

  it('a 429 from a middlebox without the protocol body still honours Retry-After', async () => {
    answer = (_req, res) => res.writeHead(429, { 'retry-after': '3' }).end('slow down');
    const failure = await failureOf(client().session('t'.repeat(40)));
    expect(failure.kind).toBe('RATE_LIMITED');
    expect(failure.retryAfterMs).toBe(3000);
  });

  it('a protocol refusal (too old) is not cured by waiting and carries the gateway message', async () => {
    answer = (_req, res) =>
      res.writeHead(426, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'PROTOCOL_UNSUPPORTED', message: '本机一窗通使用的同步协议版本 0 已停用，请升级一窗通客户端' } }));
    const failure = await failureOf(new GatewayClient(new Transport(), base, 0).session('t'.repeat(40)));
    expect(failure.kind).toBe('PROTOCOL_UNSUPPORTED');
    expect(waitingHelps(failure.kind)).toBe(false);
    expect(seen.at(-1)).toBe('GET /v1/session v0');
  });

  it('a gateway that never answers times out with a message, not a hang', async () => {
    answer = () => undefined;
    const failure = await failureOf(client(300).session('t'.repeat(40)));
    expect(failure.kind).toBe('NETWORK');
    expect(failure.message).toMatch(/没有应答/);
  });

  it('a gateway that is down says so and that the cases are safe', async () => {
    const down = new GatewayClient(new Transport(), new URL('http://127.0.0.1:1'));
    const failure = await failureOf(down.session('t'.repeat(40)));
    expect(failure.kind).toBe('NETWORK');
    expect(failure.message).toMatch(/连不上中心平台.*办件都保存在本机/);
  });
});

describe("an older gateway's body-less refusal of a HEAD (no OneWindow-Error headers)", () => {
  const hash = 'a'.repeat(64);
  const headWith = (status: number) => {
    answer = (req, res) => res.writeHead(req.method === 'HEAD' ? status : 500).end();
  };

  it('is read by its status, with a Chinese message that says what happens next, never as garbage', async () => {
    const expected: Array<[number, string, RegExp]> = [
      [401, 'UNAUTHENTICATED', /^中心平台 127\.0\.0\.1:\d+ 不再接受本机的访问凭据（HTTP 401）：本机用设备密钥换取新凭据后自动重试/],
      [403, 'DEVICE_REVOKED', /拒绝本机访问（HTTP 403），本机可能已被注销。请管理员在“同步”页用新的注册码重新注册本机/],
      [426, 'PROTOCOL_UNSUPPORTED', /不接受本机的协议版本（HTTP 426）：请升级本软件或中心平台/],
      [500, 'UNAVAILABLE', /暂时不可用（HTTP 500），稍后自动重试/],
      [502, 'UNAVAILABLE', /暂时不可用（HTTP 502），稍后自动重试/],
    ];
    for (const [status, kind, message] of expected) {
      headWith(status);
      const failure = await failureOf(client().attachmentStatus('t'.repeat(40), hash));
      expect({ status, kind: failure.kind }).toEqual({ status, kind });
      expect(failure.message).toMatch(message);
    }
    // Renewing helps a 401 and waiting a 5xx; a revoked device needs a person.
    expect([waitingHelps('UNAUTHENTICATED'), waitingHelps('DEVICE_REVOKED'), waitingHelps('UNAVAILABLE')]).toEqual([false, false, true]);
  });

  it('a 404 says the gateway holds none of the scan: the upload starts from 0', async () => {
    headWith(404);
    expect(await client().attachmentStatus('t'.repeat(40), hash)).toBeNull();
  });

  it('an unexpected status without headers is still garbage, naming the status', async () => {
    headWith(418);
    const failure = await failureOf(client().attachmentStatus('t'.repeat(40), hash));
    expect(failure.kind).toBe('GARBAGE');
    expect(failure.message).toMatch(/HTTP 418/);
  });
});

describe('backoff', () => {
  it('doubles its window from 1 s up to 5 min, jittered inside it, never under Retry-After', () => {
    const top = new Backoff(() => 0.999999);
    expect([1, 2, 3, 4].map(() => Math.round(top.next(null) / 1000))).toEqual([1, 2, 4, 8]);
    for (let i = 0; i < 20; i++) top.next(null);
    expect(top.next(null)).toBeLessThanOrEqual(300_000);
    const low = new Backoff(() => 0);
    expect(low.next(null)).toBe(0);
    expect(low.next(12_000)).toBe(12_000);
    low.reset();
    expect(low.attempts).toBe(0);
  });
});
