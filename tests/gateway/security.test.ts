/**
 * The gateway's gates, each played by an attacker or an unlucky device: protocol versions,
 * registration codes reused or expired, tokens revoked, expired, forged or superseded, the
 * administrator's endpoint, HTTPS with the site's CA, and plain HTTP kept to loopback.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegisterResponse, SyncErrorBody } from '../../src-main/domain/sync/index.ts';
import { call, gatewayCommand, gatewayEnv, issueCode, startGateway, useGateway } from '../helpers/gateway.ts';
import { acceptAndTransfer, newCase, pushBody, randomUUID } from '../helpers/sync-items.ts';
import { makeTestCertificates, type TestCertificates } from '../helpers/test-ca.ts';

// Access tokens live 20 seconds here, so expiry can be watched.
const g = useGateway({ env: { GATEWAY_ACCESS_TOKEN_HOURS: String(20 / 3600) } });

const run = promisify(execFile);

const error = (answer: { body: unknown }) => (answer.body as SyncErrorBody).error;

async function register(code: string, installationId: string = randomUUID(), installationSecret = randomBytes(32).toString('base64url')) {
  return call<RegisterResponse>(g.gateway.url, 'POST', '/v1/devices/register', { body: { code, installationId, installationSecret, deviceName: '1号窗口', appVersion: '0.1.0' } });
}

describe('protocol version', () => {
  it('answers the current version and refuses a missing, older or newer one with 426 and a message to upgrade', async () => {
    const device = (await register(await g.nextCode('210211', 'window'))).body;
    expect((await call(g.gateway.url, 'GET', '/v1/session', { token: device.accessToken })).status).toBe(200);
    for (const [protocol, words] of [[null, '请升级一窗通客户端'], ['0', '请升级一窗通客户端'], ['2', '升级中心平台']] as const) {
      const answer = await call(g.gateway.url, 'POST', '/v1/push', { token: device.accessToken, protocol, body: pushBody([]) });
      expect(answer.status).toBe(426);
      expect(error(answer).code).toBe('PROTOCOL_UNSUPPORTED');
      expect(error(answer).message).toContain(words);
    }
  });
});

describe('registration codes', () => {
  it('refuses a code used by another device, but answers the same device repeating its registration', async () => {
    const code = await g.nextCode('210211', 'window');
    const installation = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    const first = await register(code, installation, secret);
    expect(first.status).toBe(200);
    const repeated = await register(code, installation, secret);
    expect(repeated.status).toBe(200);
    expect(repeated.body.deviceCode).toBe(first.body.deviceCode);
    const stolen = await register(code);
    expect(stolen.status).toBe(409);
    expect(error(stolen).code).toBe('REGISTRATION_CODE_USED');
    expect(error(stolen).message).toContain('只能使用一次');
    expectChinaTimeNearNow(error(stolen).message);
  });

  it('refuses an expired code and an unknown one, saying what to do', async () => {
    const code = await issueCode({ databaseUrl: g.databaseUrl }, '210211', 'window', ['--hours', String(1 / 3600)]);
    await new Promise((r) => setTimeout(r, 1_500));
    const expired = await register(code);
    expect(expired.status).toBe(410);
    expect(error(expired).message).toContain('请中心管理员重新签发');
    const unknown = await register('ABCD-EFGH-JKLM');
    expect(unknown.status).toBe(400);
    expect(error(unknown).code).toBe('REGISTRATION_CODE_INVALID');
  });
});

describe('tokens', () => {
  it('refuses a forged token, and a real one with its secret part changed', async () => {
    const device = (await register(await g.nextCode('210211', 'window'))).body;
    const forged = await call(g.gateway.url, 'GET', '/v1/session', { token: 'owa1.210211.x' });
    expect(forged.status).toBe(401);
    const last = device.accessToken.at(-1) === 'A' ? 'B' : 'A';
    const tampered = await call(g.gateway.url, 'GET', '/v1/session', { token: device.accessToken.slice(0, -1) + last });
    expect(tampered.status).toBe(401);
  });

  it('lets an expired token be renewed with the device secret, and retires the old token once the new one is used', async () => {
    const device = (await register(await g.nextCode('210211', 'window'))).body;
    const renewed = await call<{ accessToken: string }>(g.gateway.url, 'POST', '/v1/devices/token', { body: { deviceId: device.deviceId, deviceSecret: device.deviceSecret } });
    expect(renewed.status).toBe(200);
    // Until the new token is used, the old one still works (its answer may have been lost).
    expect((await call(g.gateway.url, 'GET', '/v1/session', { token: device.accessToken })).status).toBe(200);
    expect((await call(g.gateway.url, 'GET', '/v1/session', { token: renewed.body.accessToken })).status).toBe(200);
    const old = await call(g.gateway.url, 'GET', '/v1/session', { token: device.accessToken });
    expect(old.status).toBe(401);
    expect(error(old).message).toContain('已被新令牌取代');
    await new Promise((r) => setTimeout(r, 21_000));
    const expired = await call(g.gateway.url, 'GET', '/v1/session', { token: renewed.body.accessToken });
    expect(expired.status).toBe(401);
    expect(error(expired).message).toContain('已过期');
    const again = await call<{ accessToken: string }>(g.gateway.url, 'POST', '/v1/devices/token', { body: { deviceId: device.deviceId, deviceSecret: device.deviceSecret } });
    expect((await call(g.gateway.url, 'GET', '/v1/session', { token: again.body.accessToken })).status).toBe(200);
  });

  it('shuts a revoked device out, secret included, until it registers again with a new code', async () => {
    const window = (await register(await g.nextCode('210211', 'window'))).body;
    const c = newCase({ region: '210211', deviceCode: window.deviceCode });
    await gatewayCommand({ databaseUrl: g.databaseUrl }, ['revoke-device', '--region', '210211', '--device-code', window.deviceCode]);
    const refused = await call(g.gateway.url, 'POST', '/v1/push', { token: window.accessToken, body: pushBody(acceptAndTransfer(c)) });
    expect(refused.status).toBe(403);
    expect(error(refused).code).toBe('DEVICE_REVOKED');
    expect(error(refused).message).toContain('待发送的办件仍保留在本机');
    expectChinaTimeNearNow(error(refused).message);
    const renew = await call(g.gateway.url, 'POST', '/v1/devices/token', { body: { deviceId: window.deviceId, deviceSecret: window.deviceSecret } });
    expect(renew.status).toBe(403);
  });
});

describe('administrator endpoint', () => {
  it('issues a code only for an administrator of the device centre, checked against the synced password verifier', async () => {
    const admin = (await register(await g.nextCode('210214', 'window'))).body;
    // scrypt N=2^15 r=8 p=1 of "Demo@2026" with this salt, made once with Node's scrypt (the app's verifier format).
    const { stdout } = await run(process.execPath, ['-e', "const c=require('node:crypto');const s=Buffer.from('c2FsdHNhbHRzYWx0c2FsdA==','base64');process.stdout.write(['scrypt',32768,8,1,s.toString('base64'),c.scryptSync('Demo@2026',s,32,{N:32768,r:8,p:1,maxmem:64*1024*1024}).toString('base64')].join('$'))"]);
    const user = { id: 'u-admin', username: 'admin', displayName: '管理员', role: 'admin', departmentCode: null, centreCode: '210214', passwordVerifier: stdout, mustChangePassword: false, disabled: false };
    const pushed = await call<{ results: { outcome: string }[] }>(g.gateway.url, 'POST', '/v1/push', { token: admin.accessToken, body: pushBody([{ kind: 'user.upsert', id: randomUUID(), user, changedAt: new Date().toISOString() }]) });
    expect(pushed.body.results[0]?.outcome).toBe('applied');
    const wrong = await call(g.gateway.url, 'POST', '/v1/admin/registration-codes', { token: admin.accessToken, body: { username: 'admin', password: 'guess', deviceRole: 'window' } });
    expect(wrong.status).toBe(403);
    const issued = await call<{ code: string; centre: { code: string } }>(g.gateway.url, 'POST', '/v1/admin/registration-codes', { token: admin.accessToken, body: { username: 'admin', password: 'Demo@2026', deviceRole: 'backoffice' } });
    expect(issued.status).toBe(200);
    expect(issued.body.centre.code).toBe('210214');
    const registered = await register(issued.body.code);
    expect(registered.body.deviceRole).toBe('backoffice');
    expect(registered.body.centre.code).toBe('210214');
  });
});

describe('transport', () => {
  let certs: TestCertificates;
  beforeAll(() => {
    certs = makeTestCertificates();
  });
  afterAll(() => rmSync(certs.dir, { recursive: true, force: true }));

  it('refuses to serve plain HTTP on an address other than loopback', async () => {
    const attempt = run(process.execPath, [join(import.meta.dirname, '..', '..', 'gateway', 'src', 'main.ts'), '--host', '0.0.0.0', '--port', '0'], { env: gatewayEnv({ databaseUrl: g.databaseUrl }) });
    await expect(attempt).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('plain HTTP is served on loopback only') });
  });

  it('serves HTTPS with the site CA certificate: trusted with the CA, refused without it', async () => {
    const tls = await startGateway({ databaseUrl: g.databaseUrl, args: ['--tls-cert', certs.serverCert, '--tls-key', certs.serverKey] });
    try {
      expect(tls.url.startsWith('https://127.0.0.1:')).toBe(true);
      const get = (ca?: Buffer) =>
        new Promise<number>((resolve, reject) => {
          const req = request(`${tls.url}/ready`, { ca, rejectUnauthorized: true }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end();
        });
      expect(await get(certs.ca)).toBe(200);
      await expect(get()).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
      await expect(fetch(`${tls.url.replace('https:', 'http:')}/ready`)).rejects.toThrow();
    } finally {
      await tls.stop();
    }
  });
});

/** A refusal names when it happened as the centre's clock reads it (UTC+8), never as an ISO instant. */
function expectChinaTimeNearNow(message: string): void {
  expect(message).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
  const shown = /(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})（北京时间）/.exec(message);
  expect(shown, message).not.toBeNull();
  const [, y, mo, d, h, mi, se] = shown!.map(Number);
  const asUtc = Date.UTC(y!, mo! - 1, d!, h! - 8, mi!, se!);
  expect(Math.abs(asUtc - Date.now())).toBeLessThan(120_000);
}
