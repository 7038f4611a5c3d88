/**
 * A real gateway for tests: an embedded PostgreSQL server started by the test (its own data
 * folder, a free loopback port), a fresh database per gateway, and gateway child processes
 * (`node gateway/src/main.ts`) on free ports. Everything is stopped by `stop()`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { startEmbedded, type EmbeddedServer } from '../../gateway/src/db/embedded.ts';
import { protocolHeader, protocolVersion } from '../../src-main/domain/sync/version.ts';
import { demoCentreNames } from '../../scripts/sync-gateway.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const mainScript = join(root, 'gateway', 'src', 'main.ts');

export interface TestPostgres {
  /** A new, empty database on the server; its connection URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-pg-'));
  const server: EmbeddedServer = await startEmbedded(dir, pino({ level: 'silent' }));
  let n = 0;
  return {
    async createDatabase() {
      const name = `gw_${process.pid}_${++n}_${randomBytes(3).toString('hex')}`;
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      return server.url.replace(/\/postgres$/, `/${name}`);
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface GatewayProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout (its pino log). */
  output(): string;
  /** SIGTERM and wait for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface GatewayOptions {
  /** An existing PostgreSQL; without it the gateway runs its embedded server in `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  dataKey?: string;
  args?: string[];
  env?: Record<string, string>;
}

export const testDataKey = randomBytes(32).toString('hex');

export function gatewayEnv(options: GatewayOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GATEWAY_DATA_KEY: options.dataKey ?? testDataKey, GATEWAY_LOG_LEVEL: 'info', ...options.env };
  delete env.DATABASE_URL;
  if (options.databaseUrl !== undefined) env.DATABASE_URL = options.databaseUrl;
  if (options.dataDir !== undefined) env.GATEWAY_DATA_DIR = options.dataDir;
  return env;
}

export async function startGateway(options: GatewayOptions): Promise<GatewayProcess> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'onewindow-gw-'));
  const child = spawn(process.execPath, [mainScript, '--port', '0', ...(options.args ?? [])], {
    env: gatewayEnv({ ...options, dataDir }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running when it never came up (its embedded PostgreSQL stops with it).
      child.kill('SIGTERM');
      reject(new Error(`gateway did not start in 60 s:\n${out}\n${err}`));
    }, 60_000);
    const check = () => {
      const m = /ONEWINDOW_GATEWAY_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${out}\n${err}`));
    });
  });
  return {
    url,
    child,
    output: () => out + err,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** `npm run gateway -- <command> …` against the test database; its JSON output. */
export async function gatewayCommand<T = unknown>(options: GatewayOptions, args: string[]): Promise<T> {
  const { stdout } = await run(process.execPath, [mainScript, ...args], { env: gatewayEnv(options) });
  return JSON.parse(stdout) as T;
}

/** The name a centre is given with its first code: the demo's where it has one. */
const centreName = (centre: string) => demoCentreNames[centre] ?? `测试中心 ${centre}`;

export async function issueCode(options: GatewayOptions, centre: string, role: 'window' | 'backoffice' = 'window', extra: string[] = []): Promise<string> {
  const named = extra.includes('--name') ? extra : [...extra, '--name', centreName(centre)];
  const issued = await gatewayCommand<{ code: string }>(options, ['issue-code', '--centre', centre, '--role', role, ...named]);
  return issued.code;
}

/** Several codes from one command (each command is a Node start-up: seconds on a loaded machine). */
export async function issueCodes(options: GatewayOptions, centre: string, role: 'window' | 'backoffice', count: number): Promise<string[]> {
  const issued = await gatewayCommand<{ code: string }[]>(options, ['issue-code', '--centre', centre, '--role', role, '--name', centreName(centre), '--count', String(count)]);
  return issued.map((i) => i.code);
}

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** One call to the gateway, with the protocol header (unless told otherwise) and the device's token. */
export async function call<T = unknown>(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; raw?: Uint8Array; token?: string; protocol?: string | null; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.protocol !== null) headers[protocolHeader] = options.protocol ?? String(protocolVersion);
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.raw !== undefined) headers['content-type'] = 'application/octet-stream';
  const res = await fetch(`${base}${path}`, { method, headers, body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text === '' ? null : JSON.parse(text)) as T };
}

/** Registration codes issued a handful at a time per centre and role, handed out one by one. */
export function codePool(options: GatewayOptions, batch = 6): (centre: string, role: 'window' | 'backoffice') => Promise<string> {
  const pools = new Map<string, Promise<string[]>>();
  return async (centre, role) => {
    const key = `${centre}/${role}`;
    let pool = await (pools.get(key) ?? Promise.resolve([]));
    if (pool.length === 0) {
      const next = issueCodes(options, centre, role, batch);
      pools.set(key, next);
      pool = await next;
    }
    const code = pool.shift() as string;
    pools.set(key, Promise.resolve(pool));
    return code;
  };
}

/** What `useGateway` started for a test file: read inside tests and hooks, once `beforeAll` has run. */
export interface FileGateway {
  readonly gateway: GatewayProcess;
  readonly databaseUrl: string;
  readonly nextCode: ReturnType<typeof codePool>;
}

/**
 * One gateway on its own database of a PostgreSQL server of the file's own, started before the
 * file's tests and stopped after them, with registration codes handed out from a pool.
 */
export function useGateway(options: Pick<GatewayOptions, 'env'> = {}): FileGateway {
  let postgres: TestPostgres | undefined;
  let started: FileGateway | undefined;
  beforeAll(async () => {
    postgres = await startTestPostgres();
    const databaseUrl = await postgres.createDatabase();
    const gateway = await startGateway({ databaseUrl, ...(options.env ? { env: options.env } : {}) });
    started = { gateway, databaseUrl, nextCode: codePool({ databaseUrl }) };
  });
  afterAll(async () => {
    await started?.gateway.stop();
    await postgres?.stop();
  });
  const get = (): FileGateway => {
    if (started === undefined) throw new Error('useGateway: the gateway starts in beforeAll; read it inside a test or a hook');
    return started;
  };
  return {
    get gateway() {
      return get().gateway;
    },
    get databaseUrl() {
      return get().databaseUrl;
    },
    get nextCode() {
      return get().nextCode;
    },
  };
}
