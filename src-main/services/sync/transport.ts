/**
 * HTTP to the gateway: JSON in and out, a deadline on every call, a cap on what an answer may
 * weigh, and TLS that trusts the site's CA besides the system's. Plain HTTP is allowed only to
 * this machine (a gateway on loopback, as in tests and the demo): anything else could be read or
 * changed on the way, so it is refused before a byte is sent.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { rootCertificates } from 'node:tls';
import { AppError } from '../../domain/errors.ts';

// Not `import … from 'node:http'`: Node builds an ES module facade of the whole built-in, whose
// getters load undici (fetch, WebSocket) on the way, a cost the app's start pays for nothing.
const { request: httpRequest } = process.getBuiltinModule('node:http');
const { request: httpsRequest } = process.getBuiltinModule('node:https');

export interface TransportOptions {
  /** PEM of the site's CA (IT installs it with the site configuration). */
  siteCa?: string | null;
  /** Silence on the socket longer than this ends the call. */
  timeoutMs?: number;
  /**
   * The whole call, answer included, must end within this: a trickle that never falls silent
   * (a few bytes a second) would otherwise hold the sync for hours while the outbox waits.
   */
  deadlineMs?: number;
  maxResponseBytes?: number;
}

export interface HttpAnswer {
  status: number;
  headers: IncomingMessage['headers'];
  body: unknown;
  /** Set when the body was not JSON (a proxy's error page, a cut-off answer). */
  unreadable: boolean;
  /** The body of an `application/octet-stream` answer (an attachment's bytes); empty for any other. */
  bytes: Buffer;
}

export type HttpMethod = 'GET' | 'POST' | 'HEAD' | 'PUT';

/** A JSON body already encoded (a push request, built from its items' JSON: push-json.ts). */
export class EncodedJson {
  readonly bytes: Buffer;
  constructor(bytes: Buffer) {
    this.bytes = bytes;
  }
}

const loopbackNames = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

function isLoopback(hostname: string): boolean {
  if (loopbackNames.has(hostname)) return true;
  return isIP(hostname) === 4 && hostname.startsWith('127.');
}

/** The gateway address as typed: checked, normalised, refused with what to do. */
export function parseGatewayUrl(typed: string): URL {
  let url: URL;
  try {
    url = new URL(typed.trim());
  } catch {
    throw new AppError('VALIDATION', '网关地址无法识别，应形如 https://gateway.example.gov.cn:8443', { field: 'gatewayUrl' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('VALIDATION', '网关地址须以 https:// 开头', { field: 'gatewayUrl' });
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new AppError(
      'VALIDATION',
      `不能用未加密的 http 连接 ${url.hostname}：数据在网络上可能被窃听或篡改。请改用 https:// 地址（由信息中心提供），本机只允许对本机地址使用 http。`,
      { field: 'gatewayUrl' },
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new AppError('VALIDATION', '网关地址不应包含用户名、口令、查询参数或 # 片段', { field: 'gatewayUrl' });
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

export class Transport {
  private readonly options: Required<TransportOptions>;
  constructor(options: TransportOptions = {}) {
    this.options = {
      siteCa: options.siteCa ?? null,
      timeoutMs: options.timeoutMs ?? 30_000,
      deadlineMs: options.deadlineMs ?? 120_000,
      maxResponseBytes: options.maxResponseBytes ?? 16 * 1024 * 1024,
    };
  }

  /** `body` is sent as JSON, or as it is when it is bytes (an attachment's chunk) or JSON already encoded. */
  send(base: URL, method: HttpMethod, path: string, headers: Record<string, string>, body?: unknown, signal?: AbortSignal): Promise<HttpAnswer> {
    // Checked again on every call: a stored address is as untrusted as a typed one.
    const checked = parseGatewayUrl(base.href);
    const url = new URL(checked.pathname.replace(/\/+$/, '') + path, checked.origin);
    const binary = body instanceof Uint8Array;
    const payload =
      body === undefined ? undefined : body instanceof EncodedJson ? body.bytes : binary ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : Buffer.from(JSON.stringify(body));
    const secure = url.protocol === 'https:';
    const request = secure ? httpsRequest : httpRequest;
    return new Promise<HttpAnswer>((outerResolve, outerReject) => {
      // Past the deadline the call ends with this error, whatever the socket reports after it.
      let overdue: AppError | null = null;
      const deadline = setTimeout(() => {
        overdue = new AppError('UNAVAILABLE', `中心平台 ${url.host} 的应答太慢，${Math.round(this.options.deadlineMs / 1000)} 秒内没有传完，已中止；稍后自动重试，办件都保存在本机。`);
        req.destroy(overdue);
      }, this.options.deadlineMs);
      const resolve = (answer: HttpAnswer) => {
        clearTimeout(deadline);
        outerResolve(answer);
      };
      const reject = (error: Error) => {
        clearTimeout(deadline);
        outerReject(overdue ?? error);
      };
      const req = request(
        url,
        {
          method,
          headers: {
            accept: 'application/json',
            ...(payload ? { 'content-type': binary ? 'application/octet-stream' : 'application/json', 'content-length': String(payload.length) } : {}),
            ...headers,
          },
          timeout: this.options.timeoutMs,
          signal,
          ...(secure ? { ca: this.options.siteCa ? [...rootCertificates, this.options.siteCa] : undefined } : {}),
        },
        (res) => {
          // JSON is decoded chunk by chunk as it arrives: a pulled page's chunks are not all kept
          // until its end and copied once more into one buffer, so each dies young (see
          // docs/sync-performance.md, Memory). Only an attachment's bytes are kept as bytes.
          const binary = res.headers['content-type']?.startsWith('application/octet-stream') ?? false;
          const chunks: Buffer[] = [];
          const decoder = new StringDecoder('utf8');
          let text = '';
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.options.maxResponseBytes) {
              req.destroy(new AppError('UNAVAILABLE', '中心平台返回的数据过大，已中止本次同步。请联系信息中心检查网关。'));
              return;
            }
            if (binary) chunks.push(chunk);
            else text += decoder.write(chunk);
          });
          res.on('error', (error) => reject(networkError(error, url)));
          res.on('end', () => {
            text += decoder.end();
            let parsed: unknown = null;
            let unreadable = false;
            if (text.length > 0) {
              try {
                parsed = JSON.parse(text);
              } catch {
                unreadable = true;
              }
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, unreadable, bytes: binary ? Buffer.concat(chunks) : Buffer.alloc(0) });
          });
          res.on('aborted', () => reject(networkError(new Error('aborted'), url)));
        },
      );
      req.on('timeout', () => req.destroy(new AppError('UNAVAILABLE', `中心平台 ${url.host} 在 ${Math.round(this.options.timeoutMs / 1000)} 秒内没有应答，稍后自动重试。`)));
      // An abort (a long-poll cut short to push) is not a failure: it reaches the engine as is.
      req.on('error', (error) => reject(error.name === 'AbortError' ? error : networkError(error, url)));
      req.end(payload);
    });
  }
}

/** Node's network errors, said so that a window clerk knows what it means and what to do. */
function networkError(error: Error & { code?: string }, url: URL): AppError {
  if (error instanceof AppError) return error;
  const host = url.host;
  switch (error.code) {
    case 'ECONNREFUSED':
      return new AppError('UNAVAILABLE', `连不上中心平台 ${host}（对方未在运行或端口不对），稍后自动重试；办件都保存在本机。`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new AppError('UNAVAILABLE', `找不到中心平台 ${host}（网络断开或地址有误），稍后自动重试；办件都保存在本机。`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new AppError('UNAVAILABLE', `与中心平台 ${host} 的连接中断，稍后自动重试；已发送的不会重复。`);
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return new AppError('UNAVAILABLE', `中心平台 ${host} 的证书不受信任（${error.code}）：请让信息中心把本单位的根证书（CA）装到本机的站点配置中，或核对网关地址。`);
    default:
      return new AppError('UNAVAILABLE', `与中心平台 ${host} 通信失败（${error.code ?? error.message}），稍后自动重试；办件都保存在本机。`);
  }
}
