/**
 * HTTPS with the site's CA: the test makes its own CA and a certificate for the gateway on
 * 127.0.0.1. An app that trusts the site CA registers and syncs; one that does not (playing a
 * gateway impersonated with a certificate from elsewhere) is refused before anything is sent,
 * with a Chinese message that says what to install.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoGateway, type DemoGateway } from '../../../scripts/sync-gateway.ts';
import { Transport } from '../../../src-main/services/sync/transport.ts';
import { acceptAndTransfer, startSyncApp, stopAllSyncApps } from '../../helpers/sync.ts';

let gateway: DemoGateway;
let dir = '';
let caPem: string;

function makeCertificates(dir: string): { cert: string; key: string } {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=OneWindow Test Site CA');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'gw.key', '-out', 'gw.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', 'gw.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'gw.pem', '-days', '2', '-extfile', 'san.ext');
  return { cert: join(dir, 'gw.pem'), key: join(dir, 'gw.key') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'onewindow-tls-'));
  const { cert, key } = makeCertificates(dir);
  caPem = readFileSync(join(dir, 'ca.pem'), 'utf8');
  gateway = await startDemoGateway(dir, randomBytes(32).toString('hex'), { args: ['--tls-cert', cert, '--tls-key', key] });
}, 600_000);

afterAll(async () => {
  await stopAllSyncApps();
  await gateway?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('HTTPS to the gateway', () => {
  it('an app that trusts the site CA registers and pushes over HTTPS', async () => {
    expect(gateway.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const app = await startSyncApp(gateway, { users: ['clerk'], engine: { transport: new Transport({ siteCa: caPem }) } });
    await acceptAndTransfer(app, 'GJZ-SCJG-0003', '加密连接');
    expect(await app.engine.syncNow()).toMatchObject({ pushed: 2, rejected: 0 });
  });

  it('an app that does not trust the certificate is refused, saying to install the site CA', async () => {
    await expect(startSyncApp(gateway, { users: ['clerk'] })).rejects.toThrow(/证书不受信任.*根证书/);
  });
});
