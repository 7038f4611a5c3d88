import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../../../src-main/domain/auth/roles.ts';
import type { Services } from '../../../src-main/host/boot.ts';
import { bootDemo, loginAs } from '../../helpers/services.ts';

let services: Services;
const tokens = {} as Record<Role, string>;
let someCaseId = '';

beforeAll(async () => {
  services = bootDemo();
  for (const role of roles) tokens[role] = await loginAs(services, role);
  const accepted = services.env.store.read((tx) => tx.get<{ id: string; case_number: string }>("SELECT id, case_number FROM case_record WHERE accepted_at IS NOT NULL AND is_bundle = 0 AND parent_case_id IS NULL LIMIT 1"));
  someCaseId = accepted?.id ?? '';
});
afterAll(() => services.close());

const auditCount = (action: string, outcome: string) =>
  services.env.store.read((tx) =>
    tx.get<{ n: number }>('SELECT count(*) AS n FROM audit_log WHERE action = ? AND outcome = ?', action, outcome),
  )?.n ?? 0;

describe('the dispatcher', () => {
  it('refuses an unknown operation by name', async () => {
    const result = await services.dispatcher.call('cases/explode', {}, tokens.admin);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNKNOWN_OPERATION', message: expect.stringContaining('cases/explode') }) });
  });

  it('refuses invalid input before any handler runs, naming the field in Chinese', async () => {
    const before = services.env.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM case_event'))?.n;
    const result = await services.dispatcher.call('cases/addNote', { id: someCaseId, note: '   ' }, tokens.clerk);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'VALIDATION', field: 'note', message: expect.stringContaining('备注不能为空') }) });
    const after = services.env.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM case_event'))?.n;
    expect(after).toBe(before);
  });

  it('refuses text with a lone surrogate at the form, in Chinese, and keeps a whole emoji', async () => {
    const before = services.env.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM case_event'))?.n;
    // The central database cannot store it: let in, the note would be refused at sync instead.
    const broken = await services.dispatcher.call('cases/addNote', { id: someCaseId, note: '申请人来电\ud83d' }, tokens.clerk);
    expect(broken).toEqual({ ok: false, error: expect.objectContaining({ code: 'VALIDATION', field: 'note', message: expect.stringContaining('不成对的代理项') }) });
    expect(services.env.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM case_event'))?.n).toBe(before);
    expect(await services.dispatcher.call('cases/addNote', { id: someCaseId, note: '申请人来电\ud83d\ude00' }, tokens.clerk)).toMatchObject({ ok: true });
  });

  it('refuses unexpected fields (a forged role or user id rides along in vain)', async () => {
    const result = await services.dispatcher.call('cases/list', { role: 'admin', userId: 'demo-user-admin' }, tokens.clerk);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('VALIDATION');
  });

  it('requires a session for non-public operations and says so', async () => {
    const result = await services.dispatcher.call('cases/list', {}, 'not-a-real-token');
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNAUTHENTICATED', message: expect.stringContaining('请先登录') }) });
  });

  it('refuses a wrong password, audits it, and opens no session', async () => {
    const before = auditCount('session.login', 'denied');
    const result = await services.dispatcher.call('session/login', { username: 'clerk', password: 'wrong-password' }, null);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNAUTHENTICATED', field: 'password', message: expect.stringContaining('用户名或密码错误') }) });
    expect(auditCount('session.login', 'denied')).toBe(before + 1);
  });

  it('logout ends the session', async () => {
    const token = await loginAs(services, 'clerk');
    expect((await services.dispatcher.call('session/logout', {}, token)).ok).toBe(true);
    const after = await services.dispatcher.call('session/me', {}, token);
    expect(after.ok ? 'ok' : after.error.code).toBe('UNAUTHENTICATED');
  });

  it('writes a note as a case event with its outbox message and audit row', async () => {
    const result = await services.dispatcher.call('cases/addNote', { id: someCaseId, note: '申请人来电询问进度' }, tokens.clerk);
    expect(result.ok).toBe(true);
    const detail = await services.dispatcher.call('cases/get', { id: someCaseId }, tokens.clerk);
    if (!detail.ok) throw new Error(detail.error.message);
    const events = (detail.value as { events: Array<{ note: string | null; actorName: string | null }> }).events;
    expect(events.at(-1)).toMatchObject({ note: '申请人来电询问进度', actorName: '王芳' });
  });
});
