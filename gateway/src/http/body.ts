/** Reading request bodies with a size limit, and writing JSON answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { QuickCheck } from '../../../src-main/domain/sync/quick-check.ts';
import { GatewayError } from './errors.ts';
import { jsonBytes } from './json-bytes.ts';
import { parseJsonBytes } from './json-split.ts';

/** The body's chunks as they arrive, refused (TOO_LARGE) once they pass the limit. */
async function* chunksOf(req: IncomingMessage, limit: number, what: string): AsyncGenerator<Buffer> {
  const tooLarge = () => new GatewayError('TOO_LARGE', `${what}超过 ${Math.floor(limit / 1024)} KB 上限，请分批发送`);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge();
  }
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw tooLarge();
    }
    yield chunk as Buffer;
  }
}

export async function readBody(req: IncomingMessage, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of chunksOf(req, limit, what)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((seg) => (typeof seg === 'number' ? `[${seg}]` : `.${String(seg)}`)).join('').replace(/^\./, '');
}

/**
 * Parses JSON and checks it with the protocol's schema; a bad body is VALIDATION naming the field.
 * With `quick` (a check built once from the same schema, for the big bodies), zod parses only a
 * body the quick check does not pass. `escaped`: whether the body's text holds a `\u` escape,
 * without which none of its strings (nor keys) holds NUL or a lone surrogate.
 */
export async function readEscapedJson<S extends z.ZodType>(
  req: IncomingMessage,
  schema: S,
  limit: number,
  what: string,
  quick?: QuickCheck<z.infer<S>>,
): Promise<{ value: z.infer<S>; escaped: boolean }> {
  const bytes = await readBody(req, limit, what);
  let value: unknown;
  try {
    value = parseJsonBytes(bytes);
  } catch {
    throw new GatewayError('VALIDATION', `${what}不是有效的 JSON`);
  }
  // JSON carries NUL and a lone surrogate only as an escape (a raw control character is refused
  // by the parse, and bytes that are not UTF-8, an encoded surrogate included, decode to U+FFFD).
  // An escaped backslash before a `u` counts too: that only costs the caller its walk.
  return { value: checked(value, schema, what, quick), escaped: bytes.includes('\\u') };
}

export async function readJson<S extends z.ZodType>(req: IncomingMessage, schema: S, limit: number, what: string, quick?: QuickCheck<z.infer<S>>): Promise<z.infer<S>> {
  return (await readEscapedJson(req, schema, limit, what, quick)).value;
}

function checked<S extends z.ZodType>(value: unknown, schema: S, what: string, quick?: QuickCheck<z.infer<S>>): z.infer<S> {
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
