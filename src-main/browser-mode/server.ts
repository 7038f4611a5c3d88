import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { CallResult } from '../domain/api/call-result.ts';
import type { ErrorCode } from '../domain/errors.ts';
import { contentSecurityPolicyHeader } from '../domain/security/csp.ts';
import { maxAttachmentMiB } from '../domain/api/limits.ts';
import { nestsTooDeep, tooDeepMessage } from '../domain/api/input-depth.ts';
import { serveDownload } from './download.ts';

// Not `import … from 'node:http'`: Node builds an ES module facade of the whole built-in, whose
// getters load undici (fetch, WebSocket) first, delaying the moment the login page can be served.
const { createServer } = process.getBuiltinModule('node:http');

/** Whatever answers API calls: the service thread in the app, the dispatcher directly in tests. */
export type CallApi = (name: string, input: unknown, token: string | null) => Promise<CallResult>;

export interface BrowserServerOptions {
  callApi: CallApi;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Preferred port; 0 lets the system choose. */
  port: number;
  /** When the preferred port is taken: fall back to a free one (true) or fail saying which (false). */
  fallbackPort: boolean;
  /** The data folder whose staged exports GET /download/<id> hands over; without it there are none. */
  dataDir?: string;
}

export interface BrowserServer {
  server: Server;
  port: number;
  launchToken: string;
  url: string;
  close(): Promise<void>;
}

const httpStatus: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNKNOWN_OPERATION: 404,
  UNAUTHENTICATED: 401,
  LOCKED: 423,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STORE_CORRUPT: 500,
  STORE_TOO_NEW: 500,
  STORE_NOT_WRITABLE: 500,
  EXPORT_FAILED: 500,
  SERVICE_UNAVAILABLE: 503,
  UNAVAILABLE: 503,
  SITE_INVALID: 500,
  INTERNAL: 500,
};

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json; charset=utf-8',
};

/**
 * The largest call is a scan: `attachments/add` takes up to 10 MB of file as base64 (4/3 of it)
 * plus a few fields. A body over this is answered 413, in Chinese, never by dropping the line.
 */
const maxBodyBytes = Math.ceil((maxAttachmentMiB * 1024 * 1024) / 3) * 4 + 64 * 1024;
/** Past this a body is not even drained: the connection is closed after the 413. */
const drainLimitBytes = 4 * maxBodyBytes;

class BodyTooLarge extends Error {}

/**
 * Browser mode: the same API and renderer as the desktop app, on 127.0.0.1 only. Every API call
 * must carry the per-launch token (printed in the URL), and a Host header naming this loopback
 * address, which keeps other local users' pages and DNS-rebinding sites out.
 */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const launchToken = randomBytes(24).toString('base64url');
  let port = 0;
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // A failure while answering is still answered, never left hanging or hidden.
      sendJson(response, 500, { ok: false, error: { code: 'INTERNAL', message: `服务器错误：${String(error)}` } });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hostAllowed(request.headers.host, port)) {
      sendJson(response, 421, { ok: false, error: { code: 'FORBIDDEN', message: '只接受来自本机 127.0.0.1 的访问。' } });
      return;
    }
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/')) {
      await handleApi(request, response, url.pathname.slice('/api/'.length));
      return;
    }
    const download = /^\/download\/([^/]+)$/.exec(url.pathname);
    if (download?.[1] && request.method === 'GET' && options.dataDir) {
      await serveDownload(options.dataDir, download[1], response);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, { ok: false, error: { code: 'VALIDATION', message: '不支持的请求方法。' } });
      return;
    }
    await serveStatic(options.rendererDir, url.pathname, response);
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, name: string): Promise<void> {
    if (request.method !== 'POST') {
      sendJson(response, 405, { ok: false, error: { code: 'VALIDATION', message: 'API 只接受 POST 请求。' } });
      return;
    }
    // A page of another origin could only reach us through the user's browser: refused, whatever it sends.
    if (!originAllowed(request.headers.origin, port)) {
      sendJson(response, 403, { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自其他网站的调用：只接受本程序自己页面发出的请求。' } });
      return;
    }
    if (!tokenMatches(request.headers['x-onewindow-launch'], launchToken)) {
      sendJson(response, 401, {
        ok: false,
        error: { code: 'UNAUTHENTICATED', message: '缺少或错误的启动令牌。请使用启动时打印的完整地址打开页面。' },
      });
      return;
    }
    let input: unknown;
    try {
      const body = await readBody(request);
      input = body.length === 0 ? {} : (JSON.parse(body) as unknown);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        response.setHeader('connection', 'close');
        sendJson(response, 413, {
          ok: false,
          error: { code: 'VALIDATION', message: `请求内容过大（上限 ${Math.floor(maxBodyBytes / 1048576)} MB）：扫描件最大 ${maxAttachmentMiB} MB，请降低分辨率或分页扫描后重试。` },
        });
        return;
      }
      sendJson(response, 400, {
        ok: false,
        error: { code: 'VALIDATION', message: `请求内容不是有效的 JSON：${(error as Error).message}` },
      });
      return;
    }
    // Before the input is copied to the service thread (a recursive structured clone).
    if (nestsTooDeep(input)) {
      sendJson(response, 400, { ok: false, error: { code: 'VALIDATION', message: `输入有误，${tooDeepMessage}` } });
      return;
    }
    const authorization = request.headers.authorization;
    const session = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : null;
    const result = await options.callApi(decodeURIComponent(name), input, session);
    sendJson(response, result.ok ? 200 : httpStatus[result.error.code], result);
  }

  port = await listen(server, options.port, options.fallbackPort);
  return {
    server,
    port,
    launchToken,
    url: `http://127.0.0.1:${port}/?launch=${launchToken}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function listen(server: Server, preferred: number, fallback: boolean): Promise<number> {
  const attempt = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => reject(error);
      server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', onError);
        resolve((server.address() as AddressInfo).port);
      });
    });
  try {
    return await attempt(preferred);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    if (!fallback) {
      throw new Error(`端口 ${preferred} 已被占用。请关闭占用该端口的程序，或用 --port 指定其他端口（--port 0 自动选择）。`, {
        cause: error,
      });
    }
    return attempt(0);
  }
}

/** No Origin (a same-origin GET, the CLI, a test) or this server's own. */
function originAllowed(origin: string | undefined, port: number): boolean {
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function tokenMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The body as text, or BodyTooLarge. An over-size body is read to its end and thrown away (up to
 * a bound), so the client is still listening when the 413 arrives rather than seeing a reset.
 */
function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > drainLimitBytes) {
      reject(new BodyTooLarge());
      return;
    }
    let chunks: Buffer[] | null = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) chunks = null;
      if (size > drainLimitBytes) {
        request.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks?.push(chunk);
    });
    request.on('end', () => (chunks === null ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', reject);
  });
}

async function serveStatic(root: string, pathname: string, response: ServerResponse): Promise<void> {
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  let file = join(root, relative || 'index.html');
  if (!file.startsWith(root + sep) && file !== root) {
    sendJson(response, 404, { ok: false, error: { code: 'NOT_FOUND', message: '文件不存在。' } });
    return;
  }
  const info = await stat(file).catch(() => null);
  // Unknown paths fall back to the app shell; the router shows its own "not found".
  if (!info?.isFile()) file = join(root, 'index.html');
  const body = await readFile(file).catch(() => null);
  if (!body) {
    sendJson(response, 500, {
      ok: false,
      error: { code: 'INTERNAL', message: `找不到界面文件 ${file}。请先运行 npm run build。` },
    });
    return;
  }
  response.writeHead(200, {
    'content-type': mimeTypes[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': contentSecurityPolicyHeader,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': immutableAsset(root, file) ? 'public, max-age=31536000, immutable' : 'no-store',
  });
  response.end(body);
}

/**
 * The build names each file under assets/ by a hash of its content, so a name never changes what
 * it holds: the clerk's browser keeps them (and Chromium its compiled code for them) from one
 * morning to the next. index.html, which names the current ones, is never kept.
 */
function immutableAsset(root: string, file: string): boolean {
  return file.startsWith(join(root, 'assets') + sep) && /-[\w-]{8}\.(js|css|woff2?|ttf|svg|png)$/.test(file);
}

function sendJson(response: ServerResponse, status: number, body: CallResult | { ok: false; error: unknown }): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}
