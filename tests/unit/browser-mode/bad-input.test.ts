import { describe, expect, it } from 'vitest';
import { loginOverHttp, postApi, useServedServices, type ApiAnswer } from '../../helpers/browser-server.ts';
import { demoPassword } from '../../../src-main/services/demo/seed.ts';

/**
 * The bad inputs, sent as a hostile or confused caller would: over real HTTP to browser
 * mode. Each is refused with a Chinese message, leaves an audit row, and changes nothing else
 * (every table but the audit log is compared before and after).
 */

let now = new Date('2026-11-26T01:00:00Z');
const served = useServedServices('onewindow-bad-input-', () => now);
const post = (name: string, input: unknown, options?: Parameters<typeof postApi>[3]) => postApi(served.server, name, input, options);
const login = (username: string, password = demoPassword) => loginOverHttp(served.server, username, password);

/** Every row of every table but the audit log (and the login counters named in `except`). */
function snapshot(except: { failedLogins?: boolean } = {}): string {
  const { db } = served.services.env.store;
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'audit_log' ORDER BY name").all() as { name: string }[]).map(
    (t) => t.name,
  );
  return JSON.stringify(
    tables.map((table) => {
      const rows = db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
      if (table === 'app_user' && except.failedLogins) for (const row of rows) delete row.failed_logins;
      // Some tables are WITHOUT ROWID: order by content, which is what is compared anyway.
      return [table, rows.map((row) => JSON.stringify(row)).sort()];
    }),
  );
}

function lastAudit(): { action: string; outcome: string; target: string | null; user_id: string | null; role: string | null; detail: string } {
  const row = served.services.env.store.read((tx) =>
    tx.get<{ action: string; outcome: string; target: string | null; user_id: string | null; role: string | null; detail: string }>(
      'SELECT action, outcome, target, user_id, role, detail FROM audit_log ORDER BY seq DESC LIMIT 1',
    ),
  );
  if (!row) throw new Error('no audit row');
  return row;
}

const auditRows = () => served.services.env.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM audit_log')?.n ?? 0);

async function refusedUnchanged(send: () => Promise<ApiAnswer>, options: { failedLogins?: boolean } = {}): Promise<ApiAnswer> {
  const before = snapshot(options);
  const auditsBefore = auditRows();
  const answer = await send();
  expect(answer.body.ok).toBe(false);
  expect(answer.body.error?.message).toMatch(/[\u4e00-\u9fff]/);
  expect(snapshot(options)).toBe(before);
  expect(auditRows()).toBe(auditsBefore + 1);
  return answer;
}

const userId = (username: string) =>
  served.services.env.store.read((tx) => tx.get<{ id: string }>('SELECT id FROM app_user WHERE username = ?', username)?.id ?? '');
const someCaseId = () => served.services.env.store.read((tx) => tx.get<{ id: string }>('SELECT id FROM case_record ORDER BY id LIMIT 1')?.id ?? '');

describe('bad input over HTTP: refused, in Chinese, audited, nothing changed', () => {
  it('a wrong password', async () => {
    const answer = await refusedUnchanged(() => post('session/login', { username: 'clerk2', password: 'Wrong#2026' }), { failedLogins: true });
    expect(answer).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED', field: 'password', message: expect.stringContaining('用户名或密码错误') } } });
    expect(lastAudit()).toMatchObject({ action: 'session.login', outcome: 'denied', target: 'clerk2' });
  });

  it('a locked account, even with the right password', async () => {
    for (let i = 0; i < 5; i++) await post('session/login', { username: 'reviewer', password: 'Wrong#2026' });
    const answer = await refusedUnchanged(() => post('session/login', { username: 'reviewer', password: demoPassword }));
    expect(answer).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', message: expect.stringContaining('账号已锁定') } } });
    expect(lastAudit()).toMatchObject({ action: 'session.login', outcome: 'denied', target: 'reviewer', detail: JSON.stringify({ reason: 'locked' }) });
  });

  it('an expired session', async () => {
    const token = await login('clerk');
    now = new Date(now.getTime() + 13 * 3_600_000);
    const answer = await refusedUnchanged(() => post('cases/addNote', { id: someCaseId(), note: '过期后写的备注' }, { token }));
    expect(answer).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: '登录已过期，请重新登录。' } } });
    expect(lastAudit()).toMatchObject({ action: 'api.refused', outcome: 'denied', target: 'cases/addNote', detail: JSON.stringify({ reason: 'session-expired' }) });
  });

  it('a forged role in the input', async () => {
    const token = await login('clerk');
    const answer = await refusedUnchanged(() => post('users/list', { role: 'admin' }, { token }));
    // The role check comes after the input check: the forged field is what is named.
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION', message: expect.stringContaining('不接受的字段：role') } } });
    expect(lastAudit()).toMatchObject({ action: 'api.refused', user_id: userId('clerk'), role: 'clerk', detail: JSON.stringify({ reason: 'unexpected-fields', fields: ['role'] }) });

    const asAdmin = await refusedUnchanged(() => post('cases/addNote', { id: someCaseId(), note: '冒充', role: 'supervisor' }, { token }));
    expect(asAdmin.body.error?.message).toContain('角色和用户只取自登录');
  });

  it("another user's id in the input", async () => {
    const token = await login('clerk');
    const answer = await refusedUnchanged(() => post('cases/addNote', { id: someCaseId(), note: '替别人写', userId: userId('supervisor') }, { token }));
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION', message: expect.stringContaining('不接受的字段：userId') } } });
    expect(lastAudit()).toMatchObject({ action: 'api.refused', user_id: userId('clerk'), detail: JSON.stringify({ reason: 'unexpected-fields', fields: ['userId'] }) });
  });

  it('an operation the role lacks', async () => {
    const token = await login('clerk');
    const answer = await refusedUnchanged(() => post('users/resetPassword', { userId: userId('admin'), temporaryPassword: 'Taken#2026x' }, { token }));
    expect(answer).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', message: expect.stringContaining('无权执行“重置密码') } } });
    expect(lastAudit()).toMatchObject({ action: 'api.refused', target: 'users/resetPassword', user_id: userId('clerk'), detail: JSON.stringify({ reason: 'role' }) });
  });
});
