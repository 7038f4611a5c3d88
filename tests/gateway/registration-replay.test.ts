/**
 * Registration is idempotent per installation (docs/sync.md, Devices), against a real gateway
 * process on a real PostgreSQL: the installation whose answer was lost presents the same code
 * again and gets the same device back, while the code is valid; nobody else does. The
 * installation id is no proof (it is on every event the PC wrote), so an attacker who knows it,
 * and the used code, is played here: only the installation secret the PC made gets the device.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { RegisterResponse, SyncErrorBody } from '../../src-main/domain/sync/index.ts';
import { call, useGateway } from '../helpers/gateway.ts';
import { randomUUID } from '../helpers/sync-items.ts';

const g = useGateway();

interface Installation {
  id: string;
  secret?: string;
}

const newInstallation = (): Installation => ({ id: randomUUID(), secret: randomBytes(32).toString('base64url') });
const error = (answer: { body: unknown }) => (answer.body as SyncErrorBody).error;

async function register(code: string, installation: Installation, extra: Record<string, unknown> = {}) {
  const body = { code, installationId: installation.id, ...(installation.secret ? { installationSecret: installation.secret } : {}), deviceName: '3号窗口', appVersion: '0.1.0', ...extra };
  return call<RegisterResponse>(g.gateway.url, 'POST', '/v1/devices/register', { body });
}

const session = (token: string) => call(g.gateway.url, 'GET', '/v1/session', { token });
const renew = (device: RegisterResponse) => call(g.gateway.url, 'POST', '/v1/devices/token', { body: { deviceId: device.deviceId, deviceSecret: device.deviceSecret } });

async function sql(text: string, params: unknown[]): Promise<void> {
  const client = new pg.Client({ connectionString: g.databaseUrl });
  await client.connect();
  try {
    await client.query(text, params);
  } finally {
    await client.end();
  }
}

/** The code's time runs out (as 24 hours passing would). */
const expire = (code: string) =>
  sql("UPDATE registration_code SET expires_at = now() - interval '1 second' WHERE code_hash = $1", [createHash('sha256').update(code.replace(/-/g, '')).digest()]);

describe('the same installation presenting its used code again', () => {
  it('gets the same device with new credentials; the lost answer’s token and secret no longer work', async () => {
    const code = await g.nextCode('210211', 'window');
    const pc = newInstallation();
    const lost = await register(code, pc);
    expect(lost.status).toBe(200);
    const again = await register(code.toLowerCase(), pc);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ deviceCode: lost.body.deviceCode, deviceId: lost.body.deviceId, centre: { code: '210211' } });
    expect(again.body.accessToken).not.toBe(lost.body.accessToken);
    expect(again.body.deviceSecret).not.toBe(lost.body.deviceSecret);
    expect((await session(again.body.accessToken)).status).toBe(200);
    expect((await session(lost.body.accessToken)).status).toBe(401);
    expect((await renew(lost.body)).status).toBe(401);
    expect((await renew(again.body)).status).toBe(200);
  });

  it('is refused to another installation, and once the code has expired', async () => {
    const code = await g.nextCode('210211', 'window');
    const pc = newInstallation();
    const first = await register(code, pc);
    const other = await register(code, newInstallation());
    expect(other.status).toBe(409);
    expect(error(other)).toMatchObject({ code: 'REGISTRATION_CODE_USED' });
    expect(error(other).message).toContain('只能使用一次');
    await expire(code);
    const late = await register(code, pc);
    expect(late.status).toBe(410);
    expect(error(late).code).toBe('REGISTRATION_CODE_EXPIRED');
    expect((await session(first.body.accessToken)).status).toBe(200);
  });

  it('an app that sends no installation secret (the previous release) still registers, but its used code is not answered again', async () => {
    const code = await g.nextCode('210211', 'window');
    const old = { id: randomUUID() };
    expect((await register(code, old)).status).toBe(200);
    const again = await register(code, old);
    expect(again.status).toBe(409);
    expect(error(again).code).toBe('REGISTRATION_CODE_USED');
  });

  it('refuses an installation secret that is not 32 bytes of base64url', async () => {
    const answer = await register(await g.nextCode('210211', 'window'), { id: randomUUID(), secret: 'short' });
    expect(answer.status).toBe(400);
    expect(error(answer).code).toBe('VALIDATION');
  });
});

describe('an attacker who knows the installation id', () => {
  it('cannot take over the device with its used code, with no secret or a made-up one', async () => {
    const code = await g.nextCode('210211', 'window');
    const victim = newInstallation();
    const device = (await register(code, victim)).body;
    for (const forged of [{ id: victim.id }, { id: victim.id, secret: randomBytes(32).toString('base64url') }]) {
      const answer = await register(code, forged);
      expect(answer.status).toBe(409);
      expect(error(answer).code).toBe('REGISTRATION_CODE_USED');
    }
    expect((await session(device.accessToken)).status).toBe(200);
    expect((await renew(device)).status).toBe(200);
  });

  it('with a fresh code of the region gets a device of its own, not the victim’s', async () => {
    const victim = newInstallation();
    const device = (await register(await g.nextCode('210211', 'window'), victim)).body;
    const forged = await register(await g.nextCode('210211', 'window'), { id: victim.id, secret: randomBytes(32).toString('base64url') });
    expect(forged.status).toBe(200);
    expect(forged.body.deviceId).not.toBe(device.deviceId);
    expect(forged.body.deviceCode).not.toBe(device.deviceCode);
    expect((await session(device.accessToken)).status).toBe(200);
    // The real installation, re-admitted with another fresh code, still gets its own device code back.
    const readmitted = await register(await g.nextCode('210211', 'window'), victim);
    expect(readmitted.body).toMatchObject({ deviceId: device.deviceId, deviceCode: device.deviceCode });
  });
});

describe('an installation that could not store the answer because it is bound to another centre', () => {
  it('gives the code back: the device it made is revoked and another PC registers with the code', async () => {
    const code = await g.nextCode('210202', 'window');
    const pc = newInstallation();
    const unstored = (await register(code, pc)).body;
    const bound = { regionCode: '210211', name: '大连市甘井子区政务服务中心' };
    const returned = await register(code, pc, { localCentre: bound });
    expect(returned.status).toBe(409);
    expect(error(returned).code).toBe('REGISTRATION_CODE_RETURNED');
    expect(error(returned).message).toContain('该注册码已退回');
    expect((await session(unstored.accessToken)).status).toBe(403);
    // Presented again it is no longer this installation's: the same refusal as any bound PC gets.
    expect(error(await register(code, pc, { localCentre: bound })).code).toBe('CENTRE_MISMATCH');
    const other = await register(code, newInstallation());
    expect(other.status).toBe(200);
    expect(other.body.centre.code).toBe('210202');
    expect(other.body.deviceCode).not.toBe(unstored.deviceCode);
  });
});
