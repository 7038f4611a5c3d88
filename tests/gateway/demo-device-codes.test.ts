/**
 * The gateway never issues a device code kept for demo data (ZD0–ZDZ, docs/sync.md "Demo data"):
 * a registered PC's real cases can never carry a demo case's number. The region's codes before
 * them are taken by devices written straight into PostgreSQL (as 45,827 registrations would
 * leave them), and the next registration gets the first code after them.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { RegisterResponse } from '../../src-main/domain/sync/index.ts';
import { call, useGateway } from '../helpers/gateway.ts';
import { randomUUID } from '../helpers/sync-items.ts';

const g = useGateway();

const register = async (centre: string) =>
  call<RegisterResponse>(g.gateway.url, 'POST', '/v1/devices/register', {
    body: { code: await g.nextCode(centre, 'window'), installationId: randomUUID(), deviceName: '3号窗口', appVersion: '0.1.0' },
  });

describe('device codes kept for demo data', () => {
  it('are skipped: with 001…ZCZ taken, the next device gets ZE0', async () => {
    const first = await register('210211');
    expect(first.body.deviceCode).toBe('001');
    const client = new pg.Client({ connectionString: g.databaseUrl });
    await client.connect();
    try {
      // 002 … ZCZ: the codes numbered 2 … 45,827 in the gateway's order (ZD0 is 35·1296 + 13·36).
      await client.query(
        `INSERT INTO device (region_code, device_id, centre_code, device_code, device_role, name, installation_id, app_version, secret_hash, registered_at)
         SELECT '210211', gen_random_uuid(), '210211', substr(a, n / 1296 + 1, 1) || substr(a, n / 36 % 36 + 1, 1) || substr(a, n % 36 + 1, 1),
                'window', '占位', gen_random_uuid(), '0.1.0', '\\x00'::bytea, now()
           FROM generate_series(2, 45827) n, (SELECT '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'::text AS a) alphabet`,
      );
      const last = await client.query<{ device_code: string }>("SELECT max(device_code) AS device_code FROM device WHERE region_code = '210211'");
      expect(last.rows[0]?.device_code).toBe('ZCZ');
    } finally {
      await client.end();
    }
    const next = await register('210211');
    expect(next.status).toBe(200);
    expect(next.body.deviceCode).toBe('ZE0');
  });
});
