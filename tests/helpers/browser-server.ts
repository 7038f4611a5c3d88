import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { startBrowserServer, type BrowserServer } from '../../src-main/browser-mode/server.ts';
import type { Services } from '../../src-main/host/boot.ts';

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
