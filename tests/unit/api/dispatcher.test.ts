import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mayCall, operationNames, operations, type OperationName } from '../../../src-main/domain/api/contract.ts';
import { roles, type Role } from '../../../src-main/domain/auth/roles.ts';
import type { Services } from '../../../src-main/services/boot.ts';
import { readFileSync } from 'node:fs';
import type { ChecklistView } from '../../../src-main/domain/api/views.ts';
import { residentIdCheckChar } from '../../../src-main/domain/identity/resident-id.ts';
import { checklistFor, idCardMatter, individualForm } from '../../helpers/intake.ts';
import { bootDemo, loginAs } from '../../helpers/services.ts';

let services: Services;
const tokens = {} as Record<Role, string>;
let someCaseId = '';
let someCaseNumber = '';
let someAcceptedId = '';
let idCardChecklist: ChecklistView;
let exportedCatalogue: unknown;
const calendar2026 = JSON.parse(readFileSync('resources/calendars/2026.json', 'utf8')) as unknown;

beforeAll(async () => {
  services = bootDemo();
  for (const role of roles) tokens[role] = await loginAs(services, role);
  const accepted = services.env.store.read((tx) => tx.get<{ id: string; case_number: string }>("SELECT id, case_number FROM case_record WHERE accepted_at IS NOT NULL AND is_bundle = 0 AND parent_case_id IS NULL LIMIT 1"));
  someCaseId = accepted?.id ?? '';
  someAcceptedId = someCaseId;
  someCaseNumber = accepted?.case_number ?? '';
  idCardChecklist = await checklistFor(services, tokens.clerk, { kind: 'matter', matterCode: idCardMatter });
  const exported = await services.dispatcher.call('catalogue/export', {}, tokens.admin);
  exportedCatalogue = exported.ok ? exported.value : null;
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

const expectedWhenAllowed: Partial<Record<OperationName, string>> = {
  'followups/resolve': 'NOT_FOUND',
  'session/changePassword': 'UNAUTHENTICATED',
  'intake/getDraft': 'NOT_FOUND',
  'intake/discardDraft': 'NOT_FOUND',
  'attachments/add': 'NOT_FOUND',
  'attachments/remove': 'NOT_FOUND',
  'attachments/content': 'NOT_FOUND',
};

let formCounter = 0;
/** Each accept uses a new applicant so the duplicate warning does not fire. */
function acceptForm(): Record<string, unknown> {
  formCounter += 1;
  const first17 = `2102111980010${String(1000 + formCounter).slice(-4)}`;
  return individualForm(idCardChecklist, {
    applicant: { type: 'individual', name: `矩阵${formCounter}`, idType: 'resident_id', idNumber: first17 + residentIdCheckChar(first17), phone: '13904110000' },
  });
}
function noticeForm(): Record<string, unknown> {
  const form = acceptForm();
  return { ...form, materials: idCardChecklist.materials.map((m, i) => ({ key: m.key, status: i === 0 ? 'missing' : 'received' })) };
}

/** A valid input for every operation, so the matrix below reaches the permission check. */
function sampleInput(name: OperationName): unknown {
  const samples: Record<OperationName, unknown> = {
    'system/info': {},
    'system/status': {},
    'session/login': { username: 'clerk', password: 'Demo@2026' },
    'session/logout': {},
    'session/me': {},
    'session/lock': {},
    'session/unlock': { password: 'Demo@2026' },
    // A wrong current password: allowed roles get past the permission check to the password check.
    'session/changePassword': { currentPassword: 'not-the-password', newPassword: 'Another#2026' },
    'users/create': { username: `matrix${++formCounter}`, displayName: '矩阵用户', role: 'clerk', temporaryPassword: 'Temp#2026x' },
    'users/resetPassword': { userId: 'demo-user-clerk2', temporaryPassword: 'Temp#2026x' },
    'users/setDisabled': { userId: 'demo-user-clerk2', disabled: false },
    'cases/list': {},
    'cases/byNumber': { caseNumber: someCaseNumber },
    'cases/get': { id: someCaseId },
    'cases/revealPersonalData': { caseId: someCaseId },
    'cases/addNote': { id: someCaseId, note: '权限矩阵测试' },
    'cases/act': { caseId: someCaseId, act: { action: 'note', text: '权限矩阵测试' } },
    'review/queues': {},
    'review/queue': { queue: '待审' },
    'supervision/overview': {},
    'followups/list': {},
    'followups/resolve': { id: 'none', resolution: '已电话回访并处理' },
    'catalogue/get': {},
    'catalogue/checklist': { target: { kind: 'matter', matterCode: idCardMatter } },
    'catalogue/import': { catalogue: exportedCatalogue },
    'catalogue/export': {},
    'calendar/import': { calendar: calendar2026 },
    'calendar/years': {},
    'applicants/find': { idNumber: '11010519491231002X' },
    'intake/duplicates': { target: { kind: 'matter', matterCode: idCardMatter }, idNumber: '11010519491231002X' },
    'intake/saveDraft': { form: { note: '权限矩阵测试' } },
    'intake/drafts': {},
    // A draft id nobody owns: the allowed roles get past the permission check to NOT_FOUND.
    'intake/getDraft': { draftId: 'no-such-draft' },
    'intake/discardDraft': { draftId: 'no-such-draft' },
    'intake/accept': acceptForm(),
    'intake/notice': noticeForm(),
    'intake/refuse': { ...acceptForm(), refusalReason: '不属于本机关职权范围' },
    'attachments/add': { draftId: 'no-such-draft', materialKey: 'k', fileName: 'a.png', dataBase64: 'iVBORw0KGgo=' },
    'attachments/remove': { draftId: 'no-such-draft', attachmentId: 'none' },
    'attachments/content': { attachmentId: 'none' },
    'prints/data': { caseId: someAcceptedId, document: 'acceptance' },
    'prints/record': { caseId: someAcceptedId, document: 'acceptance' },
    'users/list': {},
    'settings/list': {},
    'settings/set': { key: 'duplicate.windowDays', value: '7' },
    'audit/list': { action: 'session.', page: 1 },
    'audit/verify': {},
    'stats/dailyLog': { from: '2026-11-01', to: '2026-11-26' },
    'exports/create': { from: '2026-11-26', to: '2026-11-26', format: 'csv' },
    'exports/schedule': {},
    'exports/setSchedule': { enabled: false, time: '18:00', folder: '' },
  };
  return samples[name];
}

describe('the permission matrix: every role × every operation', () => {
  for (const role of roles) {
    for (const name of operationNames) {
      // These would end or lock the shared session; they are covered in tests/unit/api/accounts.test.ts.
      if (name === 'session/logout' || name === 'session/lock') continue;
      const allowed = mayCall(role, name);
      it(`${role} ${allowed ? 'may' : 'may not'} call ${name}`, async () => {
        const deniedBefore = auditCount('api.refused', 'denied');
        const result = await services.dispatcher.call(name, sampleInput(name), tokens[role]);
        if (allowed) {
          // Past the permission check: done, or refused for the data itself (a draft nobody owns).
          expect(result.ok ? 'ok' : result.error.code).toBe(expectedWhenAllowed[name] ?? 'ok');
        } else {
          expect(result.ok ? 'ok' : result.error.code).toBe('FORBIDDEN');
          expect(auditCount('api.refused', 'denied')).toBe(deniedBefore + 1);
        }
      });
    }
  }

  it('public operations are exactly the ones needed before login', () => {
    const publicOps = operationNames.filter((name) => operations[name].access === 'public');
    expect(publicOps.sort()).toEqual(['session/login', 'system/info']);
  });
});
