/**
 * The HTTP(S) server: routes from the protocol's route table, the protocol version header, device
 * authentication, one error body for every refusal. HTTPS with the site CA's certificate; plain
 * HTTP only on loopback (config.ts refuses to start otherwise).
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { routes, type RouteName, type RouteSpec } from '../../../src-main/domain/sync/routes.ts';
import { buildOpenApiDocument } from '../../../src-main/domain/sync/openapi.ts';
import { refusalHeaders } from '../../../src-main/domain/sync/errors.ts';
import { checkProtocolVersion, protocolHeader } from '../../../src-main/domain/sync/version.ts';
import { isUnavailableError } from '../db/database.ts';
import type { Gateway } from '../gateway.ts';
import { authenticate } from '../services/devices.ts';
import { sendJson } from './body.ts';
import { GatewayError, unavailable } from './errors.ts';
import { handlers, type Call } from './routes.ts';

interface Match {
  name: RouteName;
  spec: RouteSpec;
  params: Record<string, string>;
}

const table = Object.entries(routes).map(([name, spec]) => {
  const keys: string[] = [];
  const pattern = new RegExp(`^${spec.path.replace(/\{(\w+)\}/g, (_m, key: string) => (keys.push(key), '([^/]+)'))}$`);
  return { name: name as RouteName, spec: spec as RouteSpec, pattern, keys };
});

function match(method: string, path: string): Match | 'method' | null {
  let pathMatched = false;
  for (const route of table) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (route.spec.method.toUpperCase() !== method) continue;
    return { name: route.name, spec: route.spec, params: Object.fromEntries(route.keys.map((k, i) => [k, m[i + 1] ?? ''])) };
  }
  return pathMatched ? 'method' : null;
}

function sendError(res: ServerResponse, error: GatewayError, version: number): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: Record<string, string> = { [protocolHeader]: String(version) };
  // A HEAD answer's body is never sent: the refusal goes in headers instead.
  if (res.req.method === 'HEAD') Object.assign(headers, refusalHeaders(error.code, error.message));
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  if (error.code === 'UNAUTHENTICATED') headers['www-authenticate'] = 'Bearer';
  sendJson(res, error.status, error.body(), headers);
}

let openApiText: string | null = null;

async function handle(gateway: Gateway, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gateway');
  const found = match(req.method ?? 'GET', url.pathname);
  if (found === null) throw new GatewayError('NOT_FOUND', `没有这个地址：${url.pathname}`);
  if (found === 'method') throw new GatewayError('NOT_FOUND', `${url.pathname} 不接受 ${req.method ?? ''} 请求`);
  res.setHeader(protocolHeader, String(gateway.config.protocolVersion));
  if (found.name === 'health') return sendJson(res, 200, { status: 'ok' });
  if (found.name === 'ready') {
    if (gateway.stopping) throw unavailable('正在停机');
    try {
      await gateway.db.query('SELECT 1');
    } catch (error) {
      throw unavailable(`数据库不可用：${(error as Error).message}`);
    }
    return sendJson(res, 200, { status: 'ready', epoch: await gateway.epoch.current() });
  }
  if (found.name === 'openapi') {
    openApiText ??= JSON.stringify(buildOpenApiDocument());
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(openApiText);
    return;
  }
  if (gateway.stopping) {
    res.setHeader('connection', 'close');
    throw unavailable('正在停机', 2);
  }
  if (found.spec.versioned) {
    const version = checkProtocolVersion(req.headers[protocolHeader.toLowerCase()] as string | undefined, gateway.config.protocolVersion);
    if (!version.ok) throw new GatewayError('PROTOCOL_UNSUPPORTED', version.message, { details: { reason: version.reason } });
  }
  const device = found.spec.auth === 'none' ? null : await authenticate(gateway.db, req.headers.authorization);
  const call: Call = { req, res, params: found.params, device, gateway };
  await handlers[found.name as keyof typeof handlers](call);
}

export function createGatewayServer(gateway: Gateway): { server: Server; inFlight: () => number } {
  let inFlight = 0;
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    const started = performance.now();
    res.on('close', () => {
      inFlight--;
      gateway.log.debug({ method: req.method, url: req.url, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request');
    });
    handle(gateway, req, res).catch((error: unknown) => {
      if (error instanceof GatewayError) return sendError(res, error, gateway.config.protocolVersion);
      if (isUnavailableError(error)) {
        gateway.log.warn({ err: error }, 'database unavailable');
        return sendError(res, unavailable('数据库暂时不可用'), gateway.config.protocolVersion);
      }
      gateway.log.error({ err: error, method: req.method, url: req.url }, 'request failed');
      sendError(res, new GatewayError('INTERNAL', '中心平台内部错误，已记录；请稍后自动重试，待发送的办件保留在本机', { retryAfterSeconds: 5 }), gateway.config.protocolVersion);
    });
  };
  const tls = gateway.config.tls;
  const server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, listener) : createHttpServer(listener);
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 60_000;
  return { server, inFlight: () => inFlight };
}
