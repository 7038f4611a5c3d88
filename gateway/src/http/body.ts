/** Reading request bodies with a size limit, and writing JSON answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { QuickCheck } from '../../../src-main/domain/sync/quick-check.ts';
import { GatewayError } from './errors.ts';
import { jsonBytes } from './json-bytes.ts';

export async function readBody(req: IncomingMessage, limit: number, what: string): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new GatewayError('TOO_LARGE', `${what}超过 ${Math.floor(limit / 1024)} KB 上限，请分批发送`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw new GatewayError('TOO_LARGE', `${what}超过 ${Math.floor(limit / 1024)} KB 上限，请分批发送`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((seg) => (typeof seg === 'number' ? `[${seg}]` : `.${String(seg)}`)).join('').replace(/^\./, '');
}

/**
 * Parses JSON and checks it with the protocol's schema; a bad body is VALIDATION naming the field.
 * With `quick` (a check built once from the same schema, for the big bodies), zod parses only a
 * body the quick check does not pass.
 */
export async function readJson<S extends z.ZodType>(req: IncomingMessage, schema: S, limit: number, what: string, quick?: QuickCheck<z.infer<S>>): Promise<z.infer<S>> {
  const raw = await readBody(req, limit, what);
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new GatewayError('VALIDATION', `${what}不是有效的 JSON`);
  }
  const passed = quick?.pass(value) ?? null;
  if (passed !== null) return passed;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue ? pathOf(issue.path) : '';
    throw new GatewayError('VALIDATION', `${what}有误${field ? `（${field}）` : ''}：${issue?.message ?? '内容无法识别'}`, {
      field: field || undefined,
      details: { issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: pathOf(i.path), message: i.message })) },
    });
  }
  return parsed.data;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const bytes = jsonBytes(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(bytes.length), 'cache-control': 'no-store', ...headers });
  res.end(bytes);
}
