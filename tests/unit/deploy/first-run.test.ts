/**
 * The first run through the API, as the wizard calls it: a PC with no site file and no demo
 * (a new data folder) is configured by its answers; a PC of a configured hall only picks its
 * window. Either way the first admin is made in the same transaction, and the configuration in
 * force says where each value came from.
 */
import { describe, expect, it } from 'vitest';
import type { EffectiveValue } from '../../../src-main/domain/site/effective.ts';
import { bootServices, type Services } from '../../../src-main/host/boot.ts';
import { login, must } from '../../helpers/hall.ts';
import { useTempDir } from '../../helpers/temp.ts';
import { hallSite, writeSite } from '../site/fixtures.ts';

const tempDir = useTempDir('onewindow-first-run-');
const admin = { username: 'itadmin', displayName: '信息科王工', password: 'Hall#Admin2026' };

function sourceOf(values: EffectiveValue[], key: string): Pick<EffectiveValue, 'value' | 'source'> | undefined {
  const found = values.find((v) => v.key === key);
  return found && { value: found.value, source: found.source };
}

async function answer(services: Services, name: string, input: unknown, token: string | null = null) {
  const result = await services.dispatcher.call(name, input, token);
  return result.ok ? { ok: true as const } : { ok: false as const, code: result.error.code, field: result.error.field, message: result.error.message };
}

describe('the first run of a PC without a site file', () => {
  it('asks for the centre, the window and the first admin, refuses what is missing, then configures the PC locally', async () => {
    const services = bootServices({ dataDir: tempDir(), appVersion: 'test', siteFile: null, seedDemoIfEmpty: false });
    try {
      expect(await must(services, 'site/firstRun', {}, null)).toEqual({ needed: true, hasCentre: false, siteFile: null, centre: null, windows: [] });
      const centre = { name: '大连市甘井子区政务服务中心', regionCode: '210211' };
      // Each missing answer is named, and nothing is written.
      expect(await answer(services, 'site/setup', { window: { number: '01', name: '综合窗口一', deviceCode: 'G01' }, admin })).toMatchObject({ code: 'VALIDATION', field: 'centre.name' });
      expect(await answer(services, 'site/setup', { centre, window: { number: '01', name: '综合窗口一' }, admin })).toMatchObject({ code: 'VALIDATION', field: 'window.deviceCode' });
      expect(await answer(services, 'site/setup', { centre: { ...centre, regionCode: '21021' }, window: { number: '01', name: '综合窗口一', deviceCode: 'G01' }, admin })).toMatchObject({ code: 'VALIDATION', field: 'centre.regionCode' });
      expect(await answer(services, 'site/setup', { centre, window: { number: '01', name: '综合窗口一', deviceCode: 'g1' }, admin })).toMatchObject({ code: 'VALIDATION', field: 'window.deviceCode' });
      expect(await answer(services, 'site/setup', { centre, window: { number: '01', name: '综合窗口一', deviceCode: 'G01' }, gatewayUrl: 'gw.example', admin })).toMatchObject({ code: 'VALIDATION', field: 'gatewayUrl' });
      // The password policy is checked last, in the same transaction: the centre it would have made is not left behind.
      expect(await answer(services, 'site/setup', { centre, window: { number: '01', name: '综合窗口一', deviceCode: 'G01' }, admin: { ...admin, password: 'short' } })).toMatchObject({ code: 'VALIDATION', field: 'password' });
      expect(services.env.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM centre'))?.n).toBe(0);

      const user = await must<{ username: string; role: string }>(services, 'site/setup', { centre, window: { number: '01', name: '综合窗口一', deviceCode: 'G01' }, gatewayUrl: 'https://gw.gjz.example.gov.cn/', admin }, null);
      expect(user).toMatchObject({ username: 'itadmin', role: 'admin' });
      const token = await login(services, admin.username, admin.password);
      const config = await must<{ siteFile: string | null; needsWindow: boolean; values: EffectiveValue[] }>(services, 'site/config', {}, token);
      expect(config.siteFile).toBeNull();
      expect(config.needsWindow).toBe(false);
      expect(sourceOf(config.values, 'centre.name')).toEqual({ value: '大连市甘井子区政务服务中心', source: 'local' });
      expect(sourceOf(config.values, 'centre.regionCode')).toEqual({ value: '210211', source: 'local' });
      expect(sourceOf(config.values, 'device.window')).toEqual({ value: '综合窗口一（01，设备代码 G01）', source: 'local' });
      expect(sourceOf(config.values, 'gateway.url')).toEqual({ value: 'https://gw.gjz.example.gov.cn/', source: 'local' });
      expect(sourceOf(config.values, 'session.idleMinutes')).toEqual({ value: 10, source: 'default' });
      // The PC is not a demo: nothing seeded, and the login screen lists no accounts.
      expect(await must(services, 'system/info', {}, null)).toMatchObject({ centre: { name: '大连市甘井子区政务服务中心', isDemo: false }, window: { number: '01', deviceCode: 'G01' }, demo: null });
      expect(await answer(services, 'site/setup', { window: { number: '01' }, admin: { ...admin, username: 'second' } })).toMatchObject({ code: 'FORBIDDEN' });
      const audited = services.env.store.read((tx) => tx.all<{ action: string }>("SELECT action FROM audit_log WHERE action IN ('site.setupLocal', 'device.pickWindow', 'user.createFirstAdmin') ORDER BY seq"));
      expect(audited.map((row) => row.action)).toEqual(['site.setupLocal', 'device.pickWindow', 'user.createFirstAdmin']);
    } finally {
      services.close();
    }
  });
});

describe('the first run of a PC in a hall with a site file', () => {
  it('offers the file’s windows, takes no centre, and binds the PC to the window it picks', async () => {
    const services = bootServices({ dataDir: tempDir(), appVersion: 'test', siteFile: writeSite(tempDir(), hallSite()) });
    try {
      const state = await must<{ needed: boolean; hasCentre: boolean; centre: unknown; windows: Array<{ number: string; deviceCode: string }> }>(services, 'site/firstRun', {}, null);
      expect(state).toMatchObject({ needed: true, hasCentre: true, centre: { name: '沈阳市和平区政务服务中心', regionCode: '210102' } });
      expect(state.windows.map((w) => [w.number, w.deviceCode])).toEqual([['01', 'H01'], ['02', 'H02']]);
      expect(await answer(services, 'site/setup', { centre: { name: '别的中心', regionCode: '210211' }, window: { number: '02' }, admin })).toMatchObject({ code: 'VALIDATION', field: 'centre.name' });
      expect(await answer(services, 'site/setup', { window: { number: '09' }, admin })).toMatchObject({ code: 'NOT_FOUND', field: 'number' });
      expect(services.env.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM app_user'))?.n).toBe(0);
      await must(services, 'site/setup', { window: { number: '02' }, admin }, null);
      const token = await login(services, admin.username, admin.password);
      const config = await must<{ values: EffectiveValue[]; kiosk: boolean }>(services, 'site/config', {}, token);
      expect(sourceOf(config.values, 'centre.name')).toEqual({ value: '沈阳市和平区政务服务中心', source: 'site' });
      expect(sourceOf(config.values, 'device.window')).toEqual({ value: '综合窗口二（02，设备代码 H02）', source: 'local' });
      expect(sourceOf(config.values, 'session.idleMinutes')).toEqual({ value: 5, source: 'site' });
      expect(sourceOf(config.values, 'kiosk.enabled')).toEqual({ value: '0', source: 'default' });
      // The kiosk switch is this PC's own setting.
      const kiosk = await must<{ values: EffectiveValue[]; kiosk: boolean }>(services, 'site/setKiosk', { enabled: true }, token);
      expect(kiosk.kiosk).toBe(true);
      expect(sourceOf(kiosk.values, 'kiosk.enabled')).toEqual({ value: '1', source: 'local' });
    } finally {
      services.close();
    }
  });
});
