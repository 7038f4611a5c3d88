import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startBrowserServer, type BrowserServer } from '../../src-main/browser-mode/server.ts';
import { bootServices, type Services } from '../../src-main/host/boot.ts';
import { useFileTempDir } from './temp.ts';

/** A one-page stand-in for the built renderer: these tests are about the API, not the page. */
export const testRendererDir = mkdtempSync(join(tmpdir(), 'onewindow-renderer-'));
writeFileSync(join(testRendererDir, 'index.html'), '<!doctype html><title>一窗通</title>');
afterAll(() => rmSync(testRendererDir, { recursive: true, force: true }));

/** Browser mode's real HTTP server on a free loopback port, in front of `services`. */
export function serveOverHttp(services: Services): Promise<BrowserServer> {
  return startBrowserServer({
    callApi: (name, input, token) => services.dispatcher.call(name, input, token),
    rendererDir: testRendererDir,
    port: 0,
    fallbackPort: false,
  });
}

/** What an API call over HTTP answered, and how long it took the caller. */
export interface ApiAnswer {
  status: number;
  body: { ok: boolean; value?: unknown; error?: { code: string; message: string; field?: string } };
  ms: number;
}

/**
 * One call to browser mode's API as the page makes it (the launch header, JSON), or as a caller
 * that adds or forges headers and bodies (`headers`, `rawBody`).
 */
export async function postApi(
  server: BrowserServer,
  name: string,
  input: unknown,
  options: { token?: string; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-onewindow-launch': server.launchToken, ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${server.port}/api/${name}`, { method: 'POST', headers, body: options.rawBody ?? JSON.stringify(input) });
  const body = (await response.json()) as ApiAnswer['body'];
  return { status: response.status, body, ms: performance.now() - started };
}

/** A session token for a user of the demo store, through the API's own login. */
export async function loginOverHttp(server: BrowserServer, username: string, password: string): Promise<string> {
  const answer = await postApi(server, 'session/login', { username, password });
  if (!answer.body.ok) throw new Error(answer.body.error?.message);
  return (answer.body.value as { token: string }).token;
}

/**
 * Services booted on a fresh data folder (the demo store is seeded on first boot) and served over
 * HTTP for one test file: started before its first test, closed after its last, the folder
 * removed after that. Read `services` and `server` inside tests, once the file's setup has run.
 */
export function useServedServices(prefix: string, clock: () => Date): { readonly services: Services; readonly server: BrowserServer } {
  const dataDir = useFileTempDir(prefix);
  let services: Services | undefined;
  let server: BrowserServer | undefined;
  beforeAll(async () => {
    services = bootServices({ dataDir: dataDir(), appVersion: 'test', clock });
    server = await serveOverHttp(services);
  });
  afterAll(async () => {
    await server?.close();
    services?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useServedServices: read services and server inside a test, after the file has started them');
    return value;
  };
  return {
    get services() {
      return started(services);
    },
    get server() {
      return started(server);
    },
  };
}
