/**
 * Registering a PC when things go wrong in between (docs/sync.md, Devices), through the admin
 * screen's code against a real gateway process on a real PostgreSQL, behind a fault proxy:
 *   - the gateway registered the PC but its answer was lost: the admin registers again with the
 *     same code and the PC gets the device the gateway made; another PC cannot use that code;
 *   - a clerk took a real case while the request was out, so the PC is bound to its own centre
 *     and cannot store another centre's registration: the code goes back to the platform and
 *     registers another PC;
 *   - a PC configured by a site file keeps the name and device code its registration gave it
 *     when the site file changes (docs/deploy.md §4).
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoGateway } from '../../../scripts/sync-gateway.ts';
import type { SystemInfoView } from '../../../src-main/domain/api/views.ts';
import { bootServices, type Services } from '../../../src-main/host/boot.ts';
import { createFirstAdmin } from '../../../src-main/services/site/first-admin.ts';
import { pickWindow, siteConfigView } from '../../../src-main/services/site/local-config.ts';
import { registerDevice } from '../../../src-main/services/sync/register.ts';
import { syncStatus } from '../../../src-main/services/sync/status.ts';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.ts';
import { acceptAndTransfer, startSyncApp, startTestGateway, stopAllSyncApps, syncTempDir, type SyncApp } from '../../helpers/sync.ts';
import { hallSite } from '../site/fixtures.ts';

const ganjingzi = { name: '大连市甘井子区政务服务中心', regionCode: '210211' };
const zhongshan = { name: '大连市中山区政务服务中心', regionCode: '210202' };

let gateway: DemoGateway;
let proxy: FaultProxy;

beforeAll(async () => {
  gateway = await startTestGateway('onewindow-sync-registration-');
  proxy = await startFaultProxy(gateway.url);
}, 600_000);

afterAll(async () => {
  await stopAllSyncApps();
  await proxy?.close();
  await gateway?.stop();
}, 120_000);

/** What the admin screen does, through the proxy. */
async function registerThroughProxy(services: Services, code: string, gatewayUrl = proxy.url): Promise<{ deviceCode: string }> {
  const env = services.env;
  const admin = env.store.read((tx) => tx.get<{ id: string }>("SELECT id FROM app_user WHERE role = 'admin' ORDER BY rowid LIMIT 1"));
  if (!admin) throw new Error('no admin');
  return registerDevice({ store: env.store, deviceId: env.deviceId, appVersion: 'test', clock: env.clock }, env.sync.transport, { gatewayUrl, code, deviceName: '测试机' }, { userId: admin.id, role: 'admin' });
}

async function devicesOf(installationId: string): Promise<{ device_code: string; revoked: boolean }[]> {
  const client = new pg.Client({ connectionString: gateway.databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ device_code: string; revoked: boolean }>('SELECT device_code, revoked_at IS NOT NULL AS revoked FROM device WHERE installation_id = $1', [installationId])).rows;
  } finally {
    await client.end();
  }
}

const linkOf = (services: Services) => services.env.store.read((tx) => tx.get<{ device_code: string; centre_code: string }>('SELECT device_code, centre_code FROM sync_link'));

async function systemInfo(services: Services): Promise<SystemInfoView> {
  const result = await services.dispatcher.call('system/info', {}, null);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as SystemInfoView;
}

describe('the answer lost after the gateway registered the PC', () => {
  it('the same code again gives this PC the device the gateway made; another PC is refused it', async () => {
    const pc: SyncApp = await startSyncApp(gateway, { role: 'window', users: ['clerk'], register: false });
    const code = await gateway.issueCode('210211', 'window');
    proxy.inject({ pathPrefix: '/v1/devices/register', fault: { kind: 'lose-response' } });
    await expect(registerThroughProxy(pc.services, code)).rejects.toThrow(/^注册未完成：与中心平台 .* 的连接中断。请核对中心平台地址和本机网络.*再按“注册本机”：同一注册码仍可使用/);
    expect(linkOf(pc.services)).toBeUndefined();
    const made = await devicesOf(pc.services.env.deviceId);
    expect(made).toHaveLength(1);

    const registered = await registerThroughProxy(pc.services, code);
    expect(registered.deviceCode).toBe(made[0]?.device_code);
    expect(linkOf(pc.services)).toEqual({ device_code: made[0]?.device_code, centre_code: '210211' });
    expect(await devicesOf(pc.services.env.deviceId)).toEqual([{ device_code: registered.deviceCode, revoked: false }]);
    pc.engine.linkChanged();
    expect(await pc.engine.syncNow()).toMatchObject({ rejected: 0 });
    expect((await acceptAndTransfer(pc, 'GJZ-SCJG-0003', '应答丢失后')).caseNumber).toMatch(new RegExp(`^210211\\d{8}${registered.deviceCode}`));

    const other = await startSyncApp(gateway, { role: 'window', users: ['clerk'], register: false });
    await expect(registerThroughProxy(other.services, code)).rejects.toThrow(/被其他设备使用/);
    expect(linkOf(other.services)).toBeUndefined();
  });
});

describe('a gateway that cannot be reached', () => {
  it('says what failed and to press 注册本机 again with the same code, promising no retry and no cases', async () => {
    const pc = await startSyncApp(gateway, { role: 'window', users: ['clerk'], register: false });
    const code = await gateway.issueCode('210211', 'window');
    const closed = await closedPort();
    const failure = await registerThroughProxy(pc.services, code, `https://127.0.0.1:${closed}`).then(() => null, (error: Error) => error);
    expect(failure?.message).toMatch(new RegExp(`^注册未完成：连不上中心平台 127\\.0\\.0\\.1:${closed}（对方未在运行或端口不对）。请核对中心平台地址和本机网络`));
    expect(failure?.message).toContain('再按“注册本机”：同一注册码仍可使用');
    expect(failure?.message).not.toMatch(/自动重试|办件/);
    expect(linkOf(pc.services)).toBeUndefined();
    expect((await registerThroughProxy(pc.services, code)).deviceCode).toMatch(/^[0-9A-Z]+$/);
  });
});

describe('the link state after registering', () => {
  it('is 在线 as soon as the first sync has succeeded, not when the first long poll ends', async () => {
    const pc = await startSyncApp(gateway, { role: 'window', users: ['clerk'], register: false, engine: { longPollSeconds: 20 } });
    await pc.register(await gateway.issueCode('210211', 'window'));
    const state = () => pc.services.env.store.read((tx) => syncStatus(tx, pc.engine.linkHealth, pc.engine.retryAt).state);
    expect(state()).toBe('connecting');
    pc.engine.start();
    const started = Date.now();
    while (!pc.services.env.store.read((tx) => tx.get('SELECT 1 FROM sync_link WHERE last_success_at IS NOT NULL'))) {
      if (Date.now() - started > 10_000) throw new Error('no sync succeeded within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The background cycle now waits on the gateway's long poll for news, up to 20 s.
    expect(state()).toBe('online');
    await pc.engine.stop();
  });
});

/** A port nobody listens on: one the system gave and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a real case taken while the registration was out', () => {
  it('keeps the PC its own centre, and the code goes back to register another PC', async () => {
    const pc = await startSyncApp(gateway, { role: 'window', users: ['clerk'], register: false });
    const code = await gateway.issueCode('210202', 'window');
    proxy.afterForward('/v1/devices/register', async () => {
      await acceptAndTransfer(pc, 'GJZ-SCJG-0003', '注册期间');
    });
    await expect(registerThroughProxy(pc.services, code)).rejects.toThrow(
      /^注册期间本机受理了大连市甘井子区政务服务中心的办件，本机不能再改属大连市中山区政务服务中心，未注册。该注册码已退回中心平台，仍可用于大连市中山区政务服务中心的其他电脑。/,
    );
    expect(linkOf(pc.services)).toBeUndefined();
    expect((await systemInfo(pc.services)).centre).toMatchObject(ganjingzi);
    expect(await devicesOf(pc.services.env.deviceId)).toEqual([expect.objectContaining({ revoked: true })]);

    const clean = await startSyncApp(gateway, { role: 'window', users: ['clerk'], register: false });
    await registerThroughProxy(clean.services, code);
    expect((await systemInfo(clean.services)).centre).toMatchObject(zhongshan);
    // The bound PC registers with its own centre's code.
    await registerThroughProxy(pc.services, await gateway.issueCode('210211', 'window'));
    expect(linkOf(pc.services)?.centre_code).toBe('210211');
  });
});

describe('a PC configured by a site file', () => {
  it('keeps the centre name and device code of its registration when the site file changes', async () => {
    const siteDir = syncTempDir('onewindow-site-');
    const sitePath = join(siteDir, 'site.json');
    const site = (overrides: Record<string, unknown>) => hallSite({ centre: { name: '甘井子区政务服务大厅', regionCode: '210211' }, gateway: undefined, update: undefined, ...overrides });
    writeFileSync(sitePath, JSON.stringify(site({})));
    const dataDir = syncTempDir('onewindow-site-pc-');
    const system = { actor: { userId: null, role: null }, deviceId: 'test', now: new Date() };
    let services = bootServices({ dataDir, appVersion: 'test', siteFile: sitePath });
    services.env.store.write(system, (tx) => {
      createFirstAdmin(tx, { username: 'itadmin', displayName: '信息科', password: 'Hall@2026x' });
      pickWindow(tx, '01');
    });
    const { deviceCode } = await registerThroughProxy(services, await gateway.issueCode('210211', 'window'));
    expect((await systemInfo(services)).centre).toMatchObject(ganjingzi);
    services.close();

    writeFileSync(sitePath, JSON.stringify(site({ idleLockMinutes: 7 })));
    services = bootServices({ dataDir, appVersion: 'test', siteFile: sitePath });
    try {
      expect((await systemInfo(services)).centre).toMatchObject(ganjingzi);
      const config = services.env.store.read((tx) => siteConfigView(tx));
      expect(config.values.find((v) => v.key === 'centre.name')).toMatchObject({ value: ganjingzi.name, source: 'platform' });
      expect(config.values.find((v) => v.key === 'session.idleMinutes')).toMatchObject({ value: 7, source: 'site' });
      expect(config.windows.find((w) => w.taken)?.deviceCode).toBe(deviceCode);
      const applied = services.env.store.read((tx) => tx.get<{ detail: string }>("SELECT detail FROM audit_log WHERE action = 'site.apply' ORDER BY rowid DESC LIMIT 1"));
      expect(JSON.parse(applied?.detail ?? '{}')).toMatchObject({ centre: ganjingzi.name, siteCentreName: '甘井子区政务服务大厅' });
    } finally {
      services.close();
    }
  });
});
