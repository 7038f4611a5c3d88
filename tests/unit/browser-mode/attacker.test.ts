/**
 * Issue 14's findings, played as the attacker played them: over browser mode's real HTTP API on
 * loopback, against a real seeded store. Each of these failed on the code before the fix.
 */
import { describe, expect, it } from 'vitest';
import type { ChecklistView, IntakeResultView } from '../../../src-main/domain/api/views.ts';
import { residentIdCheckChar } from '../../../src-main/domain/identity/resident-id.ts';
import { demoPassword } from '../../../src-main/services/demo/seed.ts';
import { loginOverHttp, postApi, useServedServices, type ApiAnswer } from '../../helpers/browser-server.ts';
import { individualForm } from '../../helpers/intake.ts';

let now = new Date('2026-11-26T01:00:00Z');
const served = useServedServices('onewindow-attacker-', () => now);
const post = (name: string, input: unknown, options?: Parameters<typeof postApi>[3]) => postApi(served.server, name, input, options);
const login = (username: string, password = demoPassword) => loginOverHttp(served.server, username, password);

async function must<T>(name: string, input: unknown, token: string): Promise<T> {
  const answer = await post(name, input, { token });
  if (!answer.body.ok) throw new Error(`${name}: ${answer.body.error?.message}`);
  return answer.body.value as T;
}

const auditRows = (sql: string, ...params: string[]) => served.services.env.store.read((tx) => tx.all<Record<string, unknown>>(`SELECT * FROM audit_log WHERE ${sql}`, ...params));

describe('personal data beyond the department', () => {
  it('the 公安 reviewer lists only 公安 cases (and parents of its own children), and cannot reveal a 不动产 applicant or read another clerk’s draft scan', async () => {
    const reviewer = await login('reviewer-gjz-ga');
    const list = await must<{ rows: Array<{ departmentCode: string; isBundle: boolean }>; total: number }>('cases/list', { pageSize: 200 }, reviewer);
    const departments = new Set(list.rows.filter((r) => !r.isBundle).map((r) => r.departmentCode));
    expect([...departments]).toEqual(['GJZ-GA']);
    const centreTotal = served.services.env.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM case_record')?.n ?? 0);
    expect(list.total).toBeLessThan(centreTotal);

    const foreign = served.services.env.store.read((tx) => tx.get<{ id: string }>("SELECT id FROM case_record WHERE department_code = 'DL-BDC' AND is_bundle = 0 LIMIT 1"));
    expect(foreign).toBeDefined();
    const reveal = await post('cases/revealPersonalData', { caseId: foreign?.id }, { token: reviewer });
    expect(reveal.status).toBe(403);
    expect(reveal.body.error?.message).toContain('不属于本部门');
    expect(JSON.stringify(reveal.body)).not.toMatch(/\d{17}[\dX]/);
    expect(auditRows("action = 'api.refused' AND detail ->> 'reason' = 'scope' AND detail ->> 'caseId' = ?", foreign?.id ?? '')).toHaveLength(1);

    const clerk2 = await login('clerk2');
    const { draftId } = await must<{ draftId: string }>('intake/saveDraft', { form: {} }, clerk2);
    const scan = await must<{ id: string }>('attachments/add', { draftId, materialKey: 'k', fileName: '李四户口本.png', dataBase64: 'iVBORw0KGgo=' }, clerk2);
    const read = await post('attachments/content', { attachmentId: scan.id }, { token: reviewer });
    expect(read.status).toBe(404);
    expect(read.body.value).toBeUndefined();
  });
});

describe('a lock that holds', () => {
  it('a locked session cannot change its password (nor read anything); only unlock or log out', async () => {
    const token = await login('supervisor');
    now = new Date(now.getTime() + 11 * 60_000);
    const change = await post('session/changePassword', { currentPassword: demoPassword, newPassword: 'Another#2026' }, { token });
    expect(change.status).toBe(423);
    expect(change.body.error?.code).toBe('LOCKED');
    expect((await post('session/me', {}, { token })).status).toBe(423);
    // The password is unchanged and the session still locked.
    expect((await post('cases/list', {}, { token })).status).toBe(423);
    expect((await post('session/unlock', { password: demoPassword }, { token })).status).toBe(200);
    expect((await post('cases/list', {}, { token })).status).toBe(200);
  });

  it('wrong passwords at unlock and at change-password count towards the same lockout as logins', async () => {
    const token = await login('clerk');
    expect((await post('session/lock', {}, { token })).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await post('session/unlock', { password: 'wrong-1' }, { token })).body.error?.code).toBe('UNAUTHENTICATED');
    expect((await post('session/unlock', { password: demoPassword }, { token })).status).toBe(200);
    // Unlocking with the right password starts the count again, as a login does: two more after it, then three here.
    for (let i = 0; i < 4; i++) {
      const wrong = await post('session/changePassword', { currentPassword: 'wrong-2', newPassword: 'Another#2026' }, { token });
      expect(wrong.body.error).toMatchObject({ code: 'UNAUTHENTICATED', field: 'currentPassword' });
    }
    const fifth = await post('session/changePassword', { currentPassword: 'wrong-2', newPassword: 'Another#2026' }, { token });
    expect(fifth.body.error?.message).toContain('已锁定');
    // Locked out: the session is gone and even the right password is refused until the lock ends.
    expect((await post('cases/list', {}, { token })).status).toBe(401);
    expect((await post('session/login', { username: 'clerk', password: demoPassword })).body.error?.message).toContain('已锁定');
    now = new Date(now.getTime() + 16 * 60_000);
  });

  it('change-password answers the same for a right and a wrong current password when the new one breaks the policy', async () => {
    const token = await login('clerk2');
    const right = await post('session/changePassword', { currentPassword: demoPassword, newPassword: 'short' }, { token });
    const wrong = await post('session/changePassword', { currentPassword: 'not-it', newPassword: 'short' }, { token });
    expect(right.body.error).toEqual(wrong.body.error);
    expect(right.status).toBe(wrong.status);
  });
});

describe('accounts that reveal nothing', () => {
  it('an unknown user name and a known one with a wrong password read the same and take as long', async () => {
    const known: ApiAnswer[] = [];
    const unknown: ApiAnswer[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await post('session/login', { username: 'reviewer', password: `wrong-${i}` }));
      unknown.push(await post('session/login', { username: `nobody-${i}`, password: `wrong-${i}` }));
    }
    for (const answer of [...known, ...unknown]) {
      expect(answer.status).toBe(401);
      expect(answer.body.error).toEqual({ code: 'UNAUTHENTICATED', message: '用户名或密码错误，请重新输入。', field: 'password' });
    }
    const median = (answers: ApiAnswer[]) => answers.map((a) => a.ms).sort((a, b) => a - b)[1] ?? 0;
    // Both verify one scrypt hash: the unknown name may not be answered in a fraction of the time.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.6);
    await login('reviewer');
  });

  it('a password typed into the user-name field never reaches the audit trail; the same name gets the same tag', async () => {
    const typed = 'Zq7#secret-Password!';
    await post('session/login', { username: typed, password: 'x' });
    await post('session/login', { username: typed, password: 'y' });
    const everything = JSON.stringify(auditRows('1'));
    expect(everything).not.toContain(typed);
    const rows = auditRows("action = 'session.login' AND detail ->> 'reason' = 'unknown-user' ORDER BY seq DESC LIMIT 2");
    const tags = rows.map((r) => (JSON.parse(String(r.detail)) as { unknownNameTag: string }).unknownNameTag);
    expect(tags[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(tags[0]).toBe(tags[1]);
  });

  it('made-up bearer tokens cannot flood the trail: refusals without a session are folded', async () => {
    const before = auditRows("action = 'api.refused' AND detail ->> 'reason' = 'no-session'").length;
    for (let i = 0; i < 200; i++) {
      const answer = await post('cases/list', {}, { token: `made-up-${i}` });
      expect(answer.status).toBe(401);
    }
    expect(auditRows("action = 'api.refused' AND detail ->> 'reason' = 'no-session'").length - before).toBeLessThanOrEqual(1);
    // The count is not lost: it is written as one row when the window ends (or on close).
    served.services.dispatcher.close();
    const folded = auditRows("action = 'api.refused' AND detail ->> 'folded' IS NOT NULL");
    expect(folded.reduce((n, r) => n + Number((JSON.parse(String(r.detail)) as { folded: number }).folded), 0)).toBeGreaterThanOrEqual(199);
  });
});

describe('browser mode’s limits', () => {
  it('takes a 10 MB scan, and answers a larger body 413 in Chinese instead of dropping the connection', async () => {
    const clerk = await login('clerk');
    const { draftId } = await must<{ draftId: string }>('intake/saveDraft', { form: {} }, clerk);
    const tenMb = Buffer.alloc(10 * 1024 * 1024 - 16, 0x20);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(tenMb);
    const added = await post('attachments/add', { draftId, materialKey: 'k', fileName: '大扫描件.png', dataBase64: tenMb.toString('base64') }, { token: clerk });
    expect(added.status).toBe(200);
    const tooBig = await post('attachments/add', { draftId, materialKey: 'k', fileName: '过大.png', dataBase64: 'A'.repeat(20 * 1024 * 1024) }, { token: clerk });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error?.message).toContain('请求内容过大');
  });

  it('answers JSON nested 5,000 deep with 400', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const answer = await post('catalogue/import', null, { rawBody: `{"catalogue":${deep}}` });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.message).toContain('嵌套层数过多');
  });

  it('refuses a NUL inside a name, naming the field, and stores nothing', async () => {
    const clerk = await login('clerk');
    const checklist = await must<ChecklistView>('catalogue/checklist', { target: { kind: 'matter', matterCode: 'GJZ-GA-0002' } }, clerk);
    const first17 = '21021119900101123';
    const form = individualForm(checklist, { applicant: { type: 'individual', name: '张\u0000三', idType: 'resident_id', idNumber: first17 + residentIdCheckChar(first17), phone: '13904111234' } });
    const before = served.services.env.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM case_record')?.n);
    const answer = await post('intake/accept', form, { token: clerk });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'VALIDATION', field: 'applicant.name', message: expect.stringContaining('控制字符') as string });
    expect(served.services.env.store.read((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM case_record')?.n)).toBe(before);
    const clean = await post('intake/accept', { ...form, applicant: { ...(form.applicant as object), name: '张三' } }, { token: clerk });
    expect((clean.body.value as IntakeResultView).caseNumber).toBeTruthy();
  });

  it('refuses a call from a page of another origin, even with the launch token', async () => {
    const answer = await post('system/info', {}, { headers: { origin: 'http://evil.example' } });
    expect(answer.status).toBe(403);
    expect(answer.body.error?.message).toContain('其他网站');
    expect((await post('system/info', {}, { headers: { origin: `http://127.0.0.1:${served.server.port}` } })).status).toBe(200);
  });
});
