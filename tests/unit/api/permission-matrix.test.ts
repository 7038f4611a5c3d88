/**
 * The permission matrix, written out by hand: who may call what, and which cases a reviewer may
 * read. The expected answers are NOT taken from the API table (`mayCall`) nor from the scope
 * module: a role wrongly granted an operation, or a department wrongly let in, fails here.
 * What the dispatcher actually answers is compared with these tables.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationName } from '../../../src-main/domain/api/contract.ts';
import type { ChecklistView, IntakeResultView } from '../../../src-main/domain/api/views.ts';
import type { Role } from '../../../src-main/domain/auth/roles.ts';
import { residentIdCheckChar } from '../../../src-main/domain/identity/resident-id.ts';
import type { Services } from '../../../src-main/host/boot.ts';
import { demoPassword } from '../../../src-main/services/demo/seed.ts';
import { checklistFor, idCardMatter, individualForm } from '../../helpers/intake.ts';
import { bootDemo, loginAs } from '../../helpers/services.ts';

type Answer = 'ok' | 'FORBIDDEN' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'VALIDATION';
const ok: Answer = 'ok';
const no: Answer = 'FORBIDDEN';
/** Allowed, then refused for the data itself (a draft or follow-up that does not exist). */
const missing: Answer = 'NOT_FOUND';
/** Allowed, then refused for the input itself (a plain-HTTP gateway address off this machine). */
const badInput: Answer = 'VALIDATION';

/** The demo reviewer `reviewer` belongs to 市场监管. */
const reviewerDepartment = 'GJZ-SCJG';
const scjgMatter = 'GJZ-SCJG-0004';

//                                               clerk    reviewer  supervisor  admin
const grants: Record<OperationName, readonly [Answer, Answer, Answer, Answer]> = {
  'system/info':                                [ok,      ok,       ok,         ok],
  'system/status':                              [ok,      ok,       ok,         ok],
  // Anyone at the PC sees what waits and may press 立即同步 (an unregistered PC has nothing to send).
  'sync/status':                                [ok,      ok,       ok,         ok],
  'sync/items':                                 [ok,      ok,       ok,         ok],
  'sync/now':                                   [ok,      ok,       ok,         ok],
  'sync/register':                              [no,      no,       no,         badInput],
  'session/login':                              [ok,      ok,       ok,         ok],
  'session/logout':                             [ok,      ok,       ok,         ok],
  'session/me':                                 [ok,      ok,       ok,         ok],
  'session/lock':                               [ok,      ok,       ok,         ok],
  'session/unlock':                             [ok,      ok,       ok,         ok],
  // Sent with a wrong current password: everyone gets as far as the password check.
  'session/changePassword':                     ['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED'],
  // Case reads, on a case of the reviewer's own department (other departments: the table below).
  'cases/list':                                 [ok,      ok,       ok,         no],
  'cases/byNumber':                             [ok,      ok,       ok,         no],
  'cases/get':                                  [ok,      ok,       ok,         no],
  'cases/revealPersonalData':                   [ok,      ok,       ok,         no],
  'cases/addNote':                              [ok,      ok,       ok,         no],
  'cases/act':                                  [ok,      ok,       ok,         no],
  'prints/data':                                [ok,      ok,       ok,         no],
  'prints/record':                              [ok,      ok,       ok,         no],
  // A scan that does not exist: every case worker gets past the role to NOT_FOUND.
  'attachments/content':                        [missing, missing,  missing,    no],
  'review/queues':                              [no,      ok,       ok,         no],
  'review/queue':                               [no,      ok,       ok,         no],
  'supervision/overview':                       [no,      no,       ok,         no],
  'followups/list':                             [no,      no,       ok,         no],
  'followups/resolve':                          [no,      no,       missing,    no],
  'stats/dailyLog':                             [no,      no,       ok,         no],
  'exports/create':                             [no,      no,       ok,         no],
  'exports/schedule':                           [no,      no,       ok,         ok],
  'exports/setSchedule':                        [no,      no,       ok,         ok],
  'catalogue/get':                              [ok,      ok,       ok,         ok],
  'catalogue/checklist':                        [ok,      ok,       ok,         ok],
  'catalogue/import':                           [no,      no,       no,         ok],
  'catalogue/export':                           [no,      no,       ok,         ok],
  'calendar/import':                            [no,      no,       no,         ok],
  'calendar/years':                             [ok,      ok,       ok,         ok],
  'applicants/find':                            [ok,      no,       ok,         no],
  'intake/duplicates':                          [ok,      no,       ok,         no],
  'intake/saveDraft':                           [ok,      no,       ok,         no],
  'intake/drafts':                              [ok,      no,       ok,         no],
  'intake/getDraft':                            [missing, no,       missing,    no],
  'intake/discardDraft':                        [missing, no,       missing,    no],
  'intake/accept':                              [ok,      no,       ok,         no],
  'intake/notice':                              [ok,      no,       ok,         no],
  'intake/refuse':                              [ok,      no,       ok,         no],
  'attachments/add':                            [missing, no,       missing,    no],
  'attachments/remove':                         [missing, no,       missing,    no],
  'users/create':                               [no,      no,       no,         ok],
  'users/resetPassword':                        [no,      no,       no,         ok],
  'users/setDisabled':                          [no,      no,       no,         ok],
  'users/list':                                 [no,      no,       ok,         ok],
  'settings/list':                              [no,      no,       no,         ok],
  'settings/set':                               [no,      no,       no,         ok],
  'audit/list':                                 [no,      no,       ok,         ok],
  'audit/verify':                               [no,      no,       ok,         ok],
  // IT's operations: the configuration, backups and the diagnostic bundle are the admin's alone.
  'site/config':                                [no,      no,       no,         ok],
  'site/pickWindow':                            [no,      no,       no,         ok],
  'site/setKiosk':                              [no,      no,       no,         ok],
  // The first run is public but answers only while no account exists: here accounts do.
  'site/firstRun':                              [ok,      ok,       ok,         ok],
  'site/setup':                                 [no,      no,       no,         no],
  'backup/list':                                [no,      no,       no,         ok],
  'backup/run':                                 [no,      no,       no,         ok],
  // A backup that is not in the list: the admin gets past the role to NOT_FOUND.
  'backup/restore':                             [no,      no,       no,         missing],
  'backup/exportRecoveryKey':                   [no,      no,       no,         ok],
  'diagnostics/bundle':                         [no,      no,       no,         ok],
  // Public: anyone holding a printed notice may check its QR code.
  'verify/notice':                              [ok,      ok,       ok,         ok],
};
/** Refused by the operation itself (the first run is over), not for the role: no role refusal on record. */
const refusedByTheOperation: ReadonlySet<OperationName> = new Set(['site/setup']);
const roleColumns: readonly Role[] = ['clerk', 'reviewer', 'supervisor', 'admin'];

type CaseKind = 'own' | 'other' | 'parentViaOwnChild' | 'parentWithoutOwnChild';
type CaseRead = 'cases/get' | 'cases/byNumber' | 'cases/revealPersonalData' | 'cases/addNote' | 'cases/act' | 'prints/data' | 'prints/record';

/**
 * Reads of one case by the reviewer of 市场监管, by where the case belongs. A 一件事 parent is seen
 * only through a child case of the reviewer's own department. Prints and lifecycle actions are
 * for matters' cases, not parents (left blank). Clerks and the supervisor see the whole centre.
 */
//                                       own   other  parent via own child   parent without
const reviewerReads: Record<CaseRead, Partial<Record<CaseKind, Answer>>> = {
  'cases/get':                { own: ok, other: no, parentViaOwnChild: ok, parentWithoutOwnChild: no },
  'cases/byNumber':           { own: ok, other: no, parentViaOwnChild: ok, parentWithoutOwnChild: no },
  'cases/revealPersonalData': { own: ok, other: no, parentViaOwnChild: ok, parentWithoutOwnChild: no },
  'cases/addNote':            { own: ok, other: no, parentViaOwnChild: ok, parentWithoutOwnChild: no },
  'cases/act':                { own: ok, other: no },
  'prints/data':              { own: ok, other: no },
  'prints/record':            { own: ok, other: no },
};

type ScanKind = 'onOwnCase' | 'onOtherCase' | 'onAnotherClerksDraft';
//                                      scan on own dept case   on other dept case    on clerk2's draft
const scanReads: Record<Exclude<Role, 'admin'>, Record<ScanKind, Answer>> = {
  clerk:      { onOwnCase: ok, onOtherCase: ok, onAnotherClerksDraft: missing },
  reviewer:   { onOwnCase: ok, onOtherCase: no, onAnotherClerksDraft: missing },
  supervisor: { onOwnCase: ok, onOtherCase: ok, onAnotherClerksDraft: missing },
};

let services: Services;
const tokens = {} as Record<Role, string>;
const cases = {} as Record<CaseKind, { id: string; caseNumber: string }>;
const scans = {} as Record<ScanKind, string>;
let idCardChecklist: ChecklistView;
let exportedCatalogue: unknown;
const calendar2026 = JSON.parse(readFileSync('resources/calendars/2026.json', 'utf8')) as unknown;
const pngSignature = 'iVBORw0KGgo=';

const answerOf = (result: { ok: boolean; error?: { code: string } }) => (result.ok ? 'ok' : (result.error?.code ?? '?'));
const refusedForScope = () =>
  services.env.store.read((tx) => tx.get<{ n: number }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'api.refused' AND detail ->> 'reason' = 'scope'`))?.n ?? 0;
const refusedForRole = () =>
  services.env.store.read((tx) => tx.get<{ n: number }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'api.refused' AND detail ->> 'reason' = 'role'`))?.n ?? 0;

async function must<T>(name: string, input: unknown, token: string): Promise<T> {
  const result = await services.dispatcher.call(name, input, token);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}

let formCounter = 0;
function newApplicant(name: string): Record<string, unknown> {
  formCounter += 1;
  const first17 = `2102111981020${String(1000 + formCounter).slice(-4)}`;
  return { type: 'individual', name: `${name}${formCounter}`, idType: 'resident_id', idNumber: first17 + residentIdCheckChar(first17), phone: '13904110000' };
}

/** A case of `matterCode` taken by `clerk` with one scan attached through its draft. */
async function caseWithScan(matterCode: string, clerk: string): Promise<{ caseId: string; scanId: string }> {
  const checklist = await checklistFor(services, clerk, { kind: 'matter', matterCode });
  const { draftId } = await must<{ draftId: string }>('intake/saveDraft', { form: {} }, clerk);
  const scan = await must<{ id: string }>('attachments/add', { draftId, materialKey: checklist.materials[0]?.key ?? 'k', fileName: '扫描.png', dataBase64: pngSignature }, clerk);
  const accepted = await must<IntakeResultView>('intake/accept', individualForm(checklist, { draftId, applicant: newApplicant('扫描') }), clerk);
  return { caseId: accepted.caseId, scanId: scan.id };
}

beforeAll(async () => {
  services = bootDemo();
  for (const role of roleColumns) tokens[role] = await loginAs(services, role);
  idCardChecklist = await checklistFor(services, tokens.clerk, { kind: 'matter', matterCode: idCardMatter });
  exportedCatalogue = await must('catalogue/export', {}, tokens.admin);

  const own = await caseWithScan(scjgMatter, tokens.clerk);
  const other = await caseWithScan(idCardMatter, tokens.clerk);
  scans.onOwnCase = own.scanId;
  scans.onOtherCase = other.scanId;
  const clerk2 = (await services.dispatcher.call('session/login', { username: 'clerk2', password: demoPassword }, null)) as { ok: true; value: { token: string } };
  const { draftId } = await must<{ draftId: string }>('intake/saveDraft', { form: {} }, clerk2.value.token);
  scans.onAnotherClerksDraft = (await must<{ id: string }>('attachments/add', { draftId, materialKey: 'k', fileName: '张三身份证.png', dataBase64: pngSignature }, clerk2.value.token)).id;

  services.env.store.read((tx) => {
    const pick = (sql: string, ...params: string[]) => {
      const row = tx.get<{ id: string; case_number: string }>(sql, ...params);
      if (!row) throw new Error(`the demo data has no case for: ${sql}`);
      return { id: row.id, caseNumber: row.case_number };
    };
    cases.own = pick('SELECT id, case_number FROM case_record WHERE id = ?', own.caseId);
    cases.other = pick('SELECT id, case_number FROM case_record WHERE id = ?', other.caseId);
    cases.parentViaOwnChild = pick(
      'SELECT p.id, p.case_number FROM case_record p WHERE p.is_bundle = 1 AND EXISTS (SELECT 1 FROM case_record k WHERE k.parent_case_id = p.id AND k.department_code = ?) LIMIT 1',
      reviewerDepartment,
    );
    cases.parentWithoutOwnChild = pick(
      'SELECT p.id, p.case_number FROM case_record p WHERE p.is_bundle = 1 AND NOT EXISTS (SELECT 1 FROM case_record k WHERE k.parent_case_id = p.id AND k.department_code = ?) LIMIT 1',
      reviewerDepartment,
    );
  });
});
afterAll(() => services.close());

function acceptForm(): Record<string, unknown> {
  return individualForm(idCardChecklist, { applicant: newApplicant('矩阵') });
}

/** A valid input for every operation, so each call reaches the permission check and beyond. */
function sampleInput(name: OperationName): unknown {
  const caseId = cases.own.id;
  const samples: Record<OperationName, unknown> = {
    'system/info': {},
    'system/status': {},
    'sync/status': {},
    'sync/items': {},
    'sync/now': {},
    'sync/register': { gatewayUrl: 'http://10.20.30.40:8080', code: 'ABCD-EFGH-JKLM', deviceName: '权限矩阵' },
    'session/login': { username: 'clerk', password: demoPassword },
    'session/logout': {},
    'session/me': {},
    'session/lock': {},
    'session/unlock': { password: demoPassword },
    'session/changePassword': { currentPassword: 'not-the-password', newPassword: 'Another#2026' },
    'users/create': { username: `matrix${++formCounter}`, displayName: '矩阵用户', role: 'clerk', temporaryPassword: 'Temp#2026x' },
    'users/resetPassword': { userId: 'demo-user-clerk2', temporaryPassword: 'Temp#2026x' },
    'users/setDisabled': { userId: 'demo-user-clerk2', disabled: false },
    'cases/list': {},
    'cases/byNumber': { caseNumber: cases.own.caseNumber },
    'cases/get': { id: caseId },
    'cases/revealPersonalData': { caseId },
    'cases/addNote': { id: caseId, note: '权限矩阵测试' },
    'cases/act': { caseId, act: { action: 'note', text: '权限矩阵测试' } },
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
    'intake/getDraft': { draftId: 'no-such-draft' },
    'intake/discardDraft': { draftId: 'no-such-draft' },
    'intake/accept': acceptForm(),
    'intake/notice': { ...acceptForm(), materials: idCardChecklist.materials.map((m, i) => ({ key: m.key, status: i === 0 ? 'missing' : 'received' })) },
    'intake/refuse': { ...acceptForm(), refusalReason: '不属于本机关职权范围' },
    'attachments/add': { draftId: 'no-such-draft', materialKey: 'k', fileName: 'a.png', dataBase64: pngSignature },
    'attachments/remove': { draftId: 'no-such-draft', attachmentId: 'none' },
    'attachments/content': { attachmentId: 'none' },
    'prints/data': { caseId, document: 'acceptance' },
    'prints/record': { caseId, document: 'acceptance' },
    'users/list': {},
    'settings/list': {},
    'settings/set': { key: 'duplicate.windowDays', value: '7' },
    'audit/list': { action: 'session.', page: 1 },
    'audit/verify': {},
    'verify/notice': { link: 'onewindow-verify:?v=1' },
    'stats/dailyLog': { from: '2026-11-01', to: '2026-11-26' },
    'exports/create': { from: '2026-11-26', to: '2026-11-26', format: 'csv' },
    'exports/schedule': {},
    'exports/setSchedule': { enabled: false, time: '18:00', folder: '' },
    'site/config': {},
    // The window the demo binds this PC to: the matrix's other calls keep their window.
    'site/pickWindow': { number: '01' },
    'site/setKiosk': { enabled: false },
    'site/firstRun': {},
    'site/setup': { window: { number: '01' }, admin: { username: 'takeover', displayName: '接管', password: 'Takeover#2026' } },
    'backup/list': {},
    'backup/run': {},
    'backup/restore': { backup: 'onewindow-20260101T000000000Z', recoveryKey: '{}', passphrase: 'not the passphrase' },
    'backup/exportRecoveryKey': { passphrase: '权限矩阵的恢复口令 2026' },
    'diagnostics/bundle': {},
  };
  return samples[name];
}

describe('the permission matrix: every operation × every role, as written above', () => {
  for (const [name, row] of Object.entries(grants) as Array<[OperationName, readonly Answer[]]>) {
    roleColumns.forEach((role, column) => {
      const expected = row[column];
      it(`${role} calling ${name} → ${expected}`, async () => {
        // These end or lock the session they are sent with: each gets one of its own.
        const token = name === 'session/logout' || name === 'session/lock' ? await loginAs(services, role) : tokens[role];
        const refusedBefore = refusedForRole();
        const result = await services.dispatcher.call(name, sampleInput(name), token);
        expect(answerOf(result)).toBe(expected);
        // Every refusal for the role is on record.
        expect(refusedForRole()).toBe(refusedBefore + (expected === no && !refusedByTheOperation.has(name) ? 1 : 0));
      });
    });
  }
});

function readInput(name: CaseRead, target: { id: string; caseNumber: string }): unknown {
  switch (name) {
    case 'cases/get':
      return { id: target.id };
    case 'cases/byNumber':
      return { caseNumber: target.caseNumber };
    case 'cases/revealPersonalData':
      return { caseId: target.id };
    case 'cases/addNote':
      return { id: target.id, note: '部门范围测试' };
    case 'cases/act':
      return { caseId: target.id, act: { action: 'note', text: '部门范围测试' } };
    case 'prints/data':
    case 'prints/record':
      return { caseId: target.id, document: 'acceptance' };
  }
}

describe('reads of a case × own / other department', () => {
  for (const [name, byKind] of Object.entries(reviewerReads) as Array<[CaseRead, Partial<Record<CaseKind, Answer>>]>) {
    for (const [kind, expected] of Object.entries(byKind) as Array<[CaseKind, Answer]>) {
      it(`reviewer (${reviewerDepartment}) calling ${name} on a case ${kind} → ${expected}`, async () => {
        const refusedBefore = refusedForScope();
        const result = await services.dispatcher.call(name, readInput(name, cases[kind]), tokens.reviewer);
        expect(answerOf(result)).toBe(expected);
        // A look outside the department is on record, naming the case.
        expect(refusedForScope()).toBe(refusedBefore + (expected === no ? 1 : 0));
      });
      for (const role of ['clerk', 'supervisor'] as const) {
        it(`${role} calling ${name} on a case ${kind} → ok (the whole centre)`, async () => {
          const result = await services.dispatcher.call(name, readInput(name, cases[kind]), tokens[role]);
          expect(answerOf(result)).toBe(ok);
        });
      }
    }
  }

  for (const [role, byKind] of Object.entries(scanReads) as Array<[Exclude<Role, 'admin'>, Record<ScanKind, Answer>]>) {
    for (const [kind, expected] of Object.entries(byKind) as Array<[ScanKind, Answer]>) {
      it(`${role} calling attachments/content for a scan ${kind} → ${expected}`, async () => {
        const result = await services.dispatcher.call('attachments/content', { attachmentId: scans[kind] }, tokens[role]);
        expect(answerOf(result)).toBe(expected);
      });
    }
  }

  it('a reviewer’s list and search hold their department’s cases and the parents of their own children, nothing else', async () => {
    const page = await must<{ rows: Array<{ id: string; departmentCode: string; isBundle: boolean }>; total: number }>('cases/list', { pageSize: 200 }, tokens.reviewer);
    expect(page.rows.length).toBeGreaterThan(0);
    const parentsOfOwn = new Set(
      services.env.store.read((tx) => tx.column<string>('SELECT DISTINCT parent_case_id FROM case_record WHERE parent_case_id IS NOT NULL AND department_code = ?', reviewerDepartment)),
    );
    for (const row of page.rows) {
      if (row.isBundle) expect(parentsOfOwn.has(row.id)).toBe(true);
      else expect(row.departmentCode).toBe(reviewerDepartment);
    }
    const ownInCentre = services.env.store.read(
      (tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM case_record WHERE department_code = ?', reviewerDepartment)?.n ?? 0,
    );
    expect(page.total).toBe(ownInCentre + parentsOfOwn.size);
    // Searching for another department's case by its number finds nothing.
    const search = await must<{ rows: unknown[] }>('cases/list', { query: cases.other.caseNumber }, tokens.reviewer);
    expect(search.rows).toEqual([]);
    const asClerk = await must<{ rows: Array<{ id: string }> }>('cases/list', { query: cases.other.caseNumber }, tokens.clerk);
    expect(asClerk.rows.map((r) => r.id)).toEqual([cases.other.id]);
  });

  it('a parent seen through an own child lists only the children of the reviewer’s department', async () => {
    const detail = await must<{ children: Array<{ departmentCode: string }> }>('cases/get', { id: cases.parentViaOwnChild.id }, tokens.reviewer);
    expect(detail.children.length).toBeGreaterThan(0);
    expect(detail.children.every((c) => c.departmentCode === reviewerDepartment)).toBe(true);
    const asSupervisor = await must<{ children: unknown[] }>('cases/get', { id: cases.parentViaOwnChild.id }, tokens.supervisor);
    expect(asSupervisor.children.length).toBeGreaterThanOrEqual(detail.children.length);
  });

  it('the review queues of a reviewer are their own department’s, asked or not', async () => {
    const counts = await must<{ departmentCode: string }>('review/queues', {}, tokens.reviewer);
    expect(counts.departmentCode).toBe(reviewerDepartment);
    const foreign = await services.dispatcher.call('review/queues', { departmentCode: 'GJZ-GA' }, tokens.reviewer);
    expect(answerOf(foreign)).toBe(no);
  });
});
