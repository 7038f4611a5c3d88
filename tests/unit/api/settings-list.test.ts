import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/host/boot.ts';
import { bootDemo, loginAs } from '../../helpers/services.ts';

let services: Services;
let admin: string;

beforeAll(async () => {
  services = bootDemo();
  admin = await loginAs(services, 'admin');
});
afterAll(() => services.close());

describe('settings/list and settings/set: the app’s own records stay in main', () => {
  it('never sends the data key’s check value, the audit boundary or the device id, though they are stored', async () => {
    const stored = services.env.store.read((tx) => tx.all<{ key: string }>('SELECT key FROM setting').map((row) => row.key));
    expect(stored).toEqual(expect.arrayContaining(['crypto.keyCheck', 'device.id']));
    const result = await services.dispatcher.call('settings/list', {}, admin);
    if (!result.ok) throw new Error(result.error.message);
    const keys = (result.value as Array<{ key: string }>).map((s) => s.key);
    expect(keys).toEqual(expect.arrayContaining(['duplicate.windowDays', 'site.mode']));
    for (const key of keys) expect(key).not.toMatch(/^(crypto|audit)\.|^device\.id$/);
  });

  it('refuses to overwrite one, naming no code field', async () => {
    const result = await services.dispatcher.call('settings/set', { key: 'crypto.keyCheck', value: '1' }, admin);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'key', message: '输入有误：不支持的设置项' } });
  });

  it('says which setting a wrong value is for, in Chinese', async () => {
    const result = await services.dispatcher.call('settings/set', { key: 'session.idleMinutes', value: '0' }, admin);
    expect(result).toMatchObject({ ok: false, error: { field: 'value', message: '输入有误：空闲自动锁定（分钟）须为 1–9999 之间的整数' } });
  });
});
