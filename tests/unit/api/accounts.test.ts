import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootServices, type Services } from '../../../src-main/host/boot.ts';
import { loginAs } from '../../helpers/services.ts';
import { useFileTempDir } from '../../helpers/temp.ts';

const tempDir = useFileTempDir('onewindow-accounts-');

let services: Services;
let now = new Date('2026-11-26T01:00:00Z');
const call = (name: string, input: unknown, token: string | null) => services.dispatcher.call(name, input, token);
const codeOf = (result: Awaited<ReturnType<typeof call>>) => (result.ok ? 'ok' : result.error.code);
const audits = (action: string, outcome: string) =>
  services.env.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM audit_log WHERE action = ? AND outcome = ?', action, outcome))?.n ?? 0;

beforeAll(() => {
  services = bootServices({ dataDir: tempDir(), appVersion: 'test', clock: () => now });
});
afterAll(() => services.close());

async function login(username: string, password: string) {
  return call('session/login', { username, password }, null);
}

describe('lockout', () => {
  it('locks an account for 15 minutes after 5 wrong passwords in a row, audited each time', async () => {
    const before = audits('session.login', 'denied');
    for (let i = 1; i <= 4; i++) {
      const result = await login('clerk2', 'wrong');
      // The same words an unknown user name gets: nothing says the account exists.
      expect(result.ok ? '' : result.error.message).toBe('用户名或密码错误，请重新输入。');
    }
    const fifth = await login('clerk2', 'wrong');
    expect(fifth.ok ? '' : fifth.error.message).toContain('已锁定 15 分钟');
    // Even the right password is refused while locked.
    const locked = await login('clerk2', 'Demo@2026');
    expect(codeOf(locked)).toBe('FORBIDDEN');
    expect(audits('session.login', 'denied')).toBe(before + 6);
    now = new Date(now.getTime() + 16 * 60_000);
    expect(codeOf(await login('clerk2', 'Demo@2026'))).toBe('ok');
  });
});

describe('accounts made by an administrator', () => {
  it('enforce the password policy and a change at first login', async () => {
    const admin = await loginAs(services, 'admin');
    const weak = await call('users/create', { username: 'newclerk', displayName: '新员工', role: 'clerk', temporaryPassword: 'abcdefgh' }, admin);
    expect(weak).toMatchObject({ ok: false, error: { field: 'temporaryPassword', message: expect.stringContaining('至少三类') } });
    const reviewer = await call('users/create', { username: 'newreviewer', displayName: '审批', role: 'reviewer', temporaryPassword: 'Temp#2026x' }, admin);
    expect(reviewer).toMatchObject({ ok: false, error: { field: 'departmentCode' } });
    const created = await call('users/create', { username: 'newclerk', displayName: '新员工', role: 'clerk', temporaryPassword: 'Temp#2026x' }, admin);
    expect(created.ok).toBe(true);

    const first = await login('newclerk', 'Temp#2026x');
    if (!first.ok) throw new Error(first.error.message);
    const session = first.value as { token: string; mustChangePassword: boolean };
    expect(session.mustChangePassword).toBe(true);
    expect(codeOf(await call('cases/list', {}, session.token))).toBe('FORBIDDEN');
    const sameAsName = await call('session/changePassword', { currentPassword: 'Temp#2026x', newPassword: 'Newclerk#1' }, session.token);
    expect(sameAsName).toMatchObject({ ok: false, error: { field: 'newPassword', message: '密码不能包含用户名' } });
    expect(codeOf(await call('session/changePassword', { currentPassword: 'Temp#2026x', newPassword: 'Window#2026' }, session.token))).toBe('ok');
    expect(codeOf(await call('cases/list', {}, session.token))).toBe('ok');
    expect(codeOf(await login('newclerk', 'Window#2026'))).toBe('ok');
  });

  it('a reset or a disabled account ends that user’s sessions', async () => {
    const admin = await loginAs(services, 'admin');
    const clerk = await loginAs(services, 'clerk');
    expect(codeOf(await call('users/resetPassword', { userId: 'demo-user-clerk', temporaryPassword: 'Reset#2026x' }, admin))).toBe('ok');
    expect(codeOf(await call('cases/list', {}, clerk))).toBe('UNAUTHENTICATED');
    expect(codeOf(await call('users/setDisabled', { userId: 'demo-user-clerk', disabled: true }, admin))).toBe('ok');
    const disabled = await login('clerk', 'Reset#2026x');
    expect(disabled).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('已停用') } });
    expect(codeOf(await call('users/setDisabled', { userId: 'demo-user-admin', disabled: true }, admin))).toBe('CONFLICT');
  });
});

describe('idle lock', () => {
  it('locks an idle session; the password resumes it; background polling neither keeps it alive nor is refused', async () => {
    const token = await loginAs(services, 'supervisor');
    now = new Date(now.getTime() + 5 * 60_000);
    expect(codeOf(await call('system/status', {}, token))).toBe('ok');
    now = new Date(now.getTime() + 6 * 60_000); // 11 minutes since the last user action
    const locked = await call('cases/list', {}, token);
    expect(locked).toMatchObject({ ok: false, error: { code: 'LOCKED', message: expect.stringContaining('未保存的内容仍在') } });
    expect(codeOf(await call('system/status', {}, token))).toBe('ok');
    expect(codeOf(await call('session/unlock', { password: 'wrong' }, token))).toBe('UNAUTHENTICATED');
    expect(codeOf(await call('cases/list', {}, token))).toBe('LOCKED');
    expect(codeOf(await call('session/unlock', { password: 'Demo@2026' }, token))).toBe('ok');
    expect(codeOf(await call('cases/list', {}, token))).toBe('ok');
  });

  it('the idle time is a setting, and a user can lock the screen by hand', async () => {
    const admin = await loginAs(services, 'admin');
    expect(codeOf(await call('settings/set', { key: 'session.idleMinutes', value: '2' }, admin))).toBe('ok');
    const token = await loginAs(services, 'reviewer');
    now = new Date(now.getTime() + 3 * 60_000);
    expect(codeOf(await call('cases/list', {}, token))).toBe('LOCKED');
    const fresh = await loginAs(services, 'reviewer');
    expect(codeOf(await call('session/lock', {}, fresh))).toBe('ok');
    expect(codeOf(await call('cases/list', {}, fresh))).toBe('LOCKED');
  });
});
