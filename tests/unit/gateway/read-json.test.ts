/**
 * A request body as the gateway reads it (gateway/src/http/body.ts): however its chunks arrive,
 * it is the value of the joined bytes decoded at once, wherever the chunks split a character;
 * and a body it reports as holding no `\u` escape holds no NUL and no lone surrogate
 * in any string or key once parsed, whatever bytes it carries (raw NUL, an encoded surrogate,
 * bytes that are not UTF-8), so the push may skip its walk for them (push.ts).
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readEscapedJson } from '../../../gateway/src/http/body.ts';
import { GatewayError } from '../../../gateway/src/http/errors.ts';

const unstorable = /[\u0000\p{Cs}]/u;

function holdsUnstorable(value: unknown): boolean {
  if (typeof value === 'string') return unstorable.test(value);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, child]) => unstorable.test(key) || holdsUnstorable(child));
}

/** The body as a request stream that delivers exactly these chunks. */
function bodyOf(chunks: readonly Buffer[]): IncomingMessage {
  const stream = Readable.from(chunks) as unknown as IncomingMessage;
  stream.headers = {};
  return stream;
}

const read = (chunks: readonly Buffer[]) => readEscapedJson(bodyOf(chunks), z.unknown(), 1024 * 1024, '测试请求');

// Raw pieces a body may carry inside a JSON string: ASCII, Chinese, an astral character, an
// encoded surrogate (not UTF-8), stray and truncated bytes, a raw NUL, escapes of either kind.
const pieces = [
  Buffer.from('a'),
  Buffer.from('中文'),
  Buffer.from('𠮷'),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xed, 0xb0, 0x80]),
  Buffer.from([0x80]),
  Buffer.from([0xff]),
  Buffer.from([0xe4, 0xb8]),
  Buffer.from([0xf0, 0x9f]),
  Buffer.from([0x00]),
  Buffer.from('\\u0000'),
  Buffer.from('\\ud800'),
  Buffer.from('\\ude00'),
  Buffer.from('\\u4e2d'),
  Buffer.from('\\\\u'),
  Buffer.from('\\n'),
];

describe('readEscapedJson', () => {
  it('gives the text of the joined bytes and never hides an unstorable character behind escaped: false', async () => {
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
    let plain = 0;
    let refused = 0;
    for (let round = 0; round < 3_000; round++) {
      const text = () => Buffer.concat(Array.from({ length: next(6) }, () => pieces[next(pieces.length)] as Buffer));
      const bytes = Buffer.concat([Buffer.from('{"'), text(), Buffer.from('":["'), text(), Buffer.from('",{"k":"'), text(), Buffer.from('"}]}')]);
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + next(7);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      let expected: unknown;
      try {
        expected = JSON.parse(bytes.toString('utf8'));
      } catch {
        await expect(read(chunks)).rejects.toThrow('不是有效的 JSON');
        refused++;
        continue;
      }
      const { value, escaped } = await read(chunks);
      expect(value).toEqual(expected);
      if (!escaped) {
        plain++;
        expect(bytes.includes('\\u')).toBe(false);
        expect(holdsUnstorable(value)).toBe(false);
      } else {
        expect(bytes.includes('\\u')).toBe(true);
      }
    }
    // The rounds covered both kinds of body and bodies JSON refuses.
    expect(plain).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(20);
  });

  it('sees an escape whose backslash ends one chunk and whose u begins the next', async () => {
    const { value, escaped } = await read([Buffer.from('["a\\'), Buffer.from('u0000"]')]);
    expect(escaped).toBe(true);
    expect(value).toEqual(['a\u0000']);
  });

  it('refuses a body over its limit as TOO_LARGE', async () => {
    const chunks = [Buffer.from('["'), Buffer.alloc(2_000, 0x61), Buffer.from('"]')];
    await expect(readEscapedJson(bodyOf(chunks), z.unknown(), 1_000, '测试请求')).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });
});

describe('readEscapedJson over HTTP', () => {
  let server: Server;
  let url: URL;
  const seen: Array<{ value: unknown; escaped: boolean } | { error: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      readEscapedJson(req, z.unknown(), 1024 * 1024, '测试请求').then(
        (read) => seen.push(read),
        (error: unknown) => seen.push({ error: error instanceof GatewayError ? error.code : String(error) }),
      ).finally(() => res.end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function post(parts: readonly Buffer[]): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const req = request(url, { method: 'POST' }, (res) => res.resume().on('end', resolve));
      req.on('error', reject);
      for (const part of parts) req.write(part);
      req.end();
    });
  }

  it('reads a large partly Chinese body sent in pieces, as the bytes decoded at once', async () => {
    const body = { items: Array.from({ length: 3_000 }, (_, i) => ({ id: i, name: `申请人${i}𠮷`, note: 'a"b\\c' })) };
    const bytes = Buffer.from(JSON.stringify(body));
    // Pieces that split the three- and four-byte characters.
    const parts: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 4_097) parts.push(bytes.subarray(at, at + 4_097));
    await post(parts);
    expect(seen.at(-1)).toEqual({ value: body, escaped: false });
  });

  it('reports the escapes JSON.stringify writes for NUL and a lone surrogate', async () => {
    await post([Buffer.from(JSON.stringify({ a: '姓名\u0000后缀', b: '截断\ud800' }))]);
    expect(seen.at(-1)).toEqual({ value: { a: '姓名\u0000后缀', b: '截断\ud800' }, escaped: true });
  });
});
