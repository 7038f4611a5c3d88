import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemInfoView, UserView } from '../../../src-main/domain/api/views.ts';
import type { Services } from '../../../src-main/host/boot.ts';
import { bootDemo, loginAs } from '../../helpers/services.ts';

let services: Services;
beforeAll(() => {
  services = bootDemo();
});
afterAll(() => services.close());

async function info(): Promise<SystemInfoView> {
  const result = await services.dispatcher.call('system/info', {}, null);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as SystemInfoView;
}

describe('system/info and the demo accounts', () => {
  it('lists the enabled demo accounts from the store, with the demo password, while the demo centre is in use', async () => {
    const demo = (await info()).demo;
    expect(demo?.password).toBe('Demo@2026');
    expect(demo?.accounts.slice(0, 5)).toEqual([
      { username: 'clerk', displayName: '王芳', role: 'clerk' },
      { username: 'clerk2', displayName: '赵磊', role: 'clerk' },
      { username: 'reviewer', displayName: '李强', role: 'reviewer' },
      { username: 'supervisor', displayName: '张敏', role: 'supervisor' },
      { username: 'admin', displayName: '刘洋', role: 'admin' },
    ]);
    // Then one reviewer for each other department of the demo catalogue, so seeded cases are decided.
    const others = demo?.accounts.slice(5) ?? [];
    expect(others.length).toBeGreaterThanOrEqual(8);
    for (const account of others) expect(account).toMatchObject({ username: expect.stringMatching(/^reviewer-[a-z-]+$/), role: 'reviewer' });
    const admin = await loginAs(services, 'admin');
    const users = await services.dispatcher.call('users/list', {}, admin);
    const clerk2 = (users.ok ? (users.value as UserView[]) : []).find((u) => u.username === 'clerk2');
    await services.dispatcher.call('users/setDisabled', { userId: clerk2?.id, disabled: true }, admin);
    expect((await info()).demo?.accounts.map((a) => a.username)).not.toContain('clerk2');
  });

  it('lists nothing for a real centre', async () => {
    services.env.store.write({ actor: { userId: null, role: null }, deviceId: 'test' }, (tx) => tx.run('UPDATE centre SET is_demo = 0'));
    const real = await info();
    expect(real.centre?.isDemo).toBe(false);
    expect(real.demo).toBeNull();
    expect(JSON.stringify(real)).not.toContain('Demo@2026');
  });
});
