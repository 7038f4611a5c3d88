/**
 * A fault-injecting HTTP proxy that tests put between an app and the gateway (this kernel has
 * no netem, so network faults are made here, in user space, on loopback).
 *
 * Every request is matched against the queued rules, first match wins; a rule applies to its
 * next `times` matching requests (default 1) and then drops out, so a test says exactly which
 * request of a batch suffers. With no matching rule the request passes through untouched,
 * unless the proxy is `offline`, when every connection is reset as a dead link would be.
 *
 * The faults are the ones the sync reliability issue lists:
 * - `lose-response`: the request reaches the gateway and commits; its answer is thrown away and
 *   the connection reset (the acknowledgement lost after the gateway committed);
 * - `reset-request`: the connection is reset after part of the request body, which is never
 *   forwarded (a reset mid-batch, before the gateway saw it);
 * - `truncate-response`: the answer is cut off after `bytes` bytes of its body (mid-JSON);
 * - `latency`: the request is held `ms` before it is forwarded;
 * - `trickle`: the answer's body is sent `bytesPerTick` bytes every `tickMs`;
 * - `status`: the proxy answers itself with `status` (401, 403, 429, 503…) and an optional
 *   `Retry-After`, without forwarding;
 * - `duplicate`: the request is forwarded twice, one after the other; the client sees the second
 *   answer (a delivery repeated by a retrying middlebox);
 * - `deliver-late`: the client's connection is reset at once, and the request reaches the
 *   gateway `ms` later, after the client's retry (a stale delivery overtaken by a newer one).
 *
 * `afterForward` lets a test act at an exact moment of a batch: it runs after a matching request
 * reached the gateway and was answered, before the answer goes back (revoke the device between
 * two batches, kill the gateway while the next batch is in flight).
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | { kind: 'lose-response' }
  | { kind: 'reset-request'; afterBytes?: number }
  | { kind: 'truncate-response'; bytes: number }
  | { kind: 'latency'; ms: number }
  | { kind: 'trickle'; bytesPerTick: number; tickMs: number }
  | { kind: 'status'; status: number; retryAfterSeconds?: number; body?: unknown }
  | { kind: 'duplicate' }
  | { kind: 'deliver-late'; ms: number };

export interface FaultRule {
  fault: Fault;
  /** Only requests whose path starts with this (default: every request). */
  pathPrefix?: string;
  /** How many matching requests the rule applies to (default 1; Infinity for "until cleared"). */
  times?: number;
}

/** What went through the proxy, for assertions: one line per request, in arrival order. */
export interface ProxyLogEntry {
  method: string;
  path: string;
  fault: Fault['kind'] | 'pass' | 'offline';
  /** When it arrived (Date.now()), to check that a client waited as told. */
  at: number;
}

export interface FaultProxy {
  /** The proxy's base URL, to give the app instead of the gateway's. */
  readonly url: string;
  /** Queues a rule behind the ones already queued. */
  inject(rule: FaultRule): void;
  /** Resets every connection (new and open ones) until `online()`. */
  offline(): void;
  online(): void;
  /** Drops every queued rule. */
  clear(): void;
  /** Runs `hook` (not awaited) as the next matching request is forwarded upstream: to kill a process mid-batch. */
  onForward(pathPrefix: string, hook: () => void): void;
  /** Runs `hook` (awaited) after the next matching request was answered upstream, before the client gets the answer. */
  afterForward(pathPrefix: string, hook: () => Promise<void> | void): void;
  readonly log: readonly ProxyLogEntry[];
  close(): Promise<void>;
}

interface LiveRule extends FaultRule {
  remaining: number;
}

/** Starts the proxy on a free loopback port in front of `targetUrl` (an http:// base URL). */
export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  if (target.protocol !== 'http:') throw new Error(`fault proxy forwards to http:// only, not ${target.protocol}`);
  const rules: LiveRule[] = [];
  const log: ProxyLogEntry[] = [];
  const sockets = new Set<Socket>();
  const hooks: { pathPrefix: string; hook: () => Promise<void> | void }[] = [];
  const forwardHooks: { pathPrefix: string; hook: () => void }[] = [];
  let isOffline = false;

  function take(path: string): Fault | undefined {
    const index = rules.findIndex((rule) => path.startsWith(rule.pathPrefix ?? ''));
    if (index < 0) return undefined;
    const rule = rules[index]!;
    rule.remaining -= 1;
    if (rule.remaining <= 0) rules.splice(index, 1);
    return rule.fault;
  }

  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (isOffline) {
      log.push({ method: req.method ?? 'GET', path, fault: 'offline', at: Date.now() });
      req.socket.destroy();
      return;
    }
    const fault = take(path);
    log.push({ method: req.method ?? 'GET', path, fault: fault?.kind ?? 'pass', at: Date.now() });
    void handle(req, res, fault).catch(() => req.socket.destroy());
  });
  server.on('connection', (socket) => {
    if (isOffline) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse, fault: Fault | undefined): Promise<void> {
    if (fault?.kind === 'reset-request') {
      await readBody(req, fault.afterBytes ?? 1);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      res.writeHead(fault.status, headers);
      res.end(JSON.stringify(fault.body ?? { error: { code: `HTTP_${fault.status}`, message: `代理注入的 ${fault.status}` } }));
      return;
    }
    const body = await readBody(req, Infinity);
    if (fault?.kind === 'deliver-late') {
      req.socket.destroy();
      await sleep(fault.ms);
      await forward(req, body);
      return;
    }
    if (fault?.kind === 'latency') await sleep(fault.ms);
    if (fault?.kind === 'duplicate') await forward(req, body);
    const forwardIndex = forwardHooks.findIndex((h) => (req.url ?? '/').startsWith(h.pathPrefix));
    if (forwardIndex >= 0) forwardHooks.splice(forwardIndex, 1)[0]?.hook();
    const answer = await forward(req, body);
    const hookIndex = hooks.findIndex((h) => (req.url ?? '/').startsWith(h.pathPrefix));
    if (hookIndex >= 0) await hooks.splice(hookIndex, 1)[0]?.hook();
    if (fault?.kind === 'lose-response') {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, answer.headers);
    if (fault?.kind === 'truncate-response') {
      res.write(answer.body.subarray(0, Math.min(fault.bytes, answer.body.length)));
      // Let the bytes leave before the reset, so the client really sees half a body.
      await sleep(20);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'trickle') {
      for (let at = 0; at < answer.body.length; at += fault.bytesPerTick) {
        if (req.socket.destroyed) return;
        res.write(answer.body.subarray(at, at + fault.bytesPerTick));
        await sleep(fault.tickMs);
      }
      res.end();
      return;
    }
    res.end(answer.body);
  }

  function forward(req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: target.host };
      // The body is re-sent whole, so any transfer encoding of the original does not apply.
      delete headers['transfer-encoding'];
      headers['content-length'] = String(body.length);
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => {
            const out: Record<string, string | string[]> = {};
            for (const [key, value] of Object.entries(answer.headers)) {
              if (value !== undefined && key !== 'transfer-encoding' && key !== 'connection' && key !== 'content-length') out[key] = value;
            }
            resolve({ status: answer.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) });
          });
          answer.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    inject: (rule) => rules.push({ ...rule, remaining: rule.times ?? 1 }),
    offline: () => {
      isOffline = true;
      for (const socket of sockets) socket.destroy();
    },
    online: () => {
      isOffline = false;
    },
    clear: () => {
      rules.length = 0;
      hooks.length = 0;
      forwardHooks.length = 0;
    },
    onForward: (pathPrefix, hook) => forwardHooks.push({ pathPrefix, hook }),
    afterForward: (pathPrefix, hook) => hooks.push({ pathPrefix, hook }),
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads the request body up to `limit` bytes (all of it for Infinity). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => resolve(Buffer.concat(chunks));
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) {
        req.pause();
        done();
      }
    });
    req.on('end', done);
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
