import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetailView, ChecklistView, IntakeResultView, PersonalDataView } from '../../../src-main/domain/api/views.ts';
import { parseCaseNumber } from '../../../src-main/domain/cases/case-number.ts';
import { residentIdCheckChar } from '../../../src-main/domain/identity/resident-id.ts';
import { bootServices, type Services } from '../../../src-main/host/boot.ts';
import { duplicateWindowDays } from '../../../src-main/services/intake/duplicates.ts';
import { databasePath } from '../../../src-main/services/paths.ts';
import { writeSetting } from '../../../src-main/services/settings/settings.ts';
import { checklistFor, idCardMatter, individualForm } from '../../helpers/intake.ts';
import { loginAs } from '../../helpers/services.ts';
import { useFileTempDir } from '../../helpers/temp.ts';

const tempDir = useFileTempDir('onewindow-intake-');

/** A valid resident ID number: the first 17 digits and their GB 11643 check character. */
const id = (first17: string) => first17 + residentIdCheckChar(first17);

let services: Services;
let clerk: string;
let now = new Date('2026-09-30T02:00:00Z'); // 10:00 in Dalian, the day before National Day

beforeAll(async () => {
  services = bootServices({ dataDir: tempDir(), appVersion: 'test', clock: () => now });
  clerk = await loginAs(services, 'clerk');
});
afterAll(() => services.close());

async function ok<T>(name: string, input: unknown): Promise<T> {
  const result = await services.dispatcher.call(name, input, clerk);
  if (!result.ok) throw new Error(`${result.error.code} ${result.error.field ?? ''} ${result.error.message}`);
  return result.value as T;
}
async function refused(name: string, input: unknown) {
  const result = await services.dispatcher.call(name, input, clerk);
  if (result.ok) throw new Error(`${name} should have been refused`);
  return result.error;
}
const count = (sql: string, ...params: string[]) => services.env.store.read((tx) => tx.get<{ n: number }>(sql, ...params))?.n ?? 0;

describe('accepting a matter at the window', () => {
  let checklist: ChecklistView;
  beforeAll(async () => {
    checklist = await checklistFor(services, clerk, { kind: 'matter', matterCode: 'GJZ-GA-0001' });
  });

  it('creates a case with a checked number, the due date from the holiday calendar, its checklist and an event', async () => {
    const result = await ok<IntakeResultView>('intake/accept', individualForm(checklist));
    const parsed = parseCaseNumber(result.caseNumber);
    expect(parsed).toMatchObject({ ok: true, regionCode: '210211', date: '2026-09-30', deviceCode: 'W01' });
    // 5 working days from 09-30, start day not counted: 10-01..07 holiday, 10-08, 10-09, 10-10 (make-up), 10-12, 10-13.
    expect(result.dueDate).toBe('2026-10-13');
    expect(result.queryPassword).toMatch(/^\d{6}$/);
    const detail = await ok<CaseDetailView>('cases/get', { id: result.caseId });
    expect(detail).toMatchObject({ status: 'accepted', caseNumber: result.caseNumber, applicantName: '张三', applicantIdNumber: '1101**********002X' });
    expect(detail.materials).toHaveLength(checklist.materials.length);
    expect(detail.events.map((e) => e.type)).toEqual(['intake.accepted']);
    expect(count('SELECT count(*) AS n FROM outbox WHERE aggregate_id = ?', result.caseId)).toBe(1);
  });

  it('numbers cases 1, 2, 3… per device per day', async () => {
    const numbers = [];
    for (let i = 0; i < 3; i++) {
      const form = individualForm(checklist, { applicant: { type: 'individual', name: `李${i}`, idType: 'passport', idNumber: `E1234567${i}`, phone: '13904110000' } });
      numbers.push(parseCaseNumber((await ok<IntakeResultView>('intake/accept', form)).caseNumber));
    }
    const sequences = numbers.map((n) => (n.ok ? n.sequence : -1));
    expect(sequences[1]).toBe((sequences[0] ?? 0) + 1);
    expect(sequences[2]).toBe((sequences[0] ?? 0) + 2);
  });

  it('refuses a missing required material at its line, and saves nothing', async () => {
    const before = count('SELECT count(*) AS n FROM case_record');
    const required = checklist.materials.find((m) => m.required && !m.deferrable) ?? checklist.materials[0];
    const form = individualForm(checklist, {
      applicant: { type: 'individual', name: '王五', idType: 'resident_id', idNumber: id('21021119900101123'), phone: '13904119999' },
      materials: checklist.materials.map((m) => ({ key: m.key, status: m.key === required?.key ? 'missing' : 'received' })),
    });
    const error = await refused('intake/accept', form);
    expect(error.field).toBe(`materials.${required?.key}`);
    expect(error.message).toContain(required?.name);
    expect(count('SELECT count(*) AS n FROM case_record')).toBe(before);
  });

  it('checks the ID number per GB 11643 and says so at the field', async () => {
    const bad = individualForm(checklist, { applicant: { type: 'individual', name: '赵六', idType: 'resident_id', idNumber: '110105194912310021', phone: '13904111234' } });
    const error = await refused('intake/accept', bad);
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'applicant.idNumber' });
    expect(error.message).toContain('校验位');
    const badDate = individualForm(checklist, { applicant: { type: 'individual', name: '赵六', idType: 'resident_id', idNumber: '110105194902300019', phone: '13904111234' } });
    expect((await refused('intake/accept', badDate)).field).toBe('applicant.idNumber');
    const badPhone = individualForm(checklist, { applicant: { type: 'individual', name: '赵六', idType: 'resident_id', idNumber: '11010519491231002X', phone: '1390411' } });
    expect(await refused('intake/accept', badPhone)).toMatchObject({ field: 'applicant.phone' });
  });

  it('stores names and addresses exactly as typed', async () => {
    const name = `𠮷野 "O'Neil" <script>alert(1)</script> 䶮龘 😀`;
    const address = `大连市甘井子区 <b>“红旗”</b> 路 & 😀 号`;
    const form = individualForm(checklist, { applicant: { type: 'individual', name, idType: 'passport', idNumber: 'G12345678', phone: '0411-84567890', address } });
    const result = await ok<IntakeResultView>('intake/accept', form);
    const detail = await ok<CaseDetailView>('cases/get', { id: result.caseId });
    expect(detail.applicantName).toBe(name);
    // The case view masks the address below the district; the audited reveal gives it exactly.
    expect(detail.applicantAddress).toBe('大连市甘井子区****');
    const full = await ok<PersonalDataView>('cases/revealPersonalData', { caseId: result.caseId });
    expect(full).toMatchObject({ name, address, idNumber: 'G12345678', phone: '0411-84567890' });
  });
});

describe('the duplicate warning', () => {
  it('shows the earlier case before the same applicant and matter is taken again, then lets the clerk go on', async () => {
    const checklist = await checklistFor(services, clerk, { kind: 'matter', matterCode: idCardMatter });
    const person = { type: 'individual', name: '钱七', idType: 'resident_id', idNumber: id('21021119850505001'), phone: '13904110505' };
    const first = await ok<IntakeResultView>('intake/accept', individualForm(checklist, { applicant: person }));
    const conflict = await refused('intake/accept', individualForm(checklist, { applicant: person }));
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.message).toContain(first.caseNumber);
    const duplicates = (conflict.details as { duplicates: Array<{ id: string }> }).duplicates;
    expect(duplicates.map((d) => d.id)).toEqual([first.caseId]);
    const second = await ok<IntakeResultView>('intake/accept', individualForm(checklist, { applicant: person, acknowledgedDuplicates: [first.caseId] }));
    expect(second.caseNumber).not.toBe(first.caseNumber);
  });
});

describe('settings and the window, read once per connection', () => {
  const system = () => ({ actor: { userId: null, role: null }, deviceId: services.env.deviceId });
  const windowDays = () => services.env.store.read((tx) => duplicateWindowDays(tx));

  it('a setting changed by the admin counts from the next call', async () => {
    const admin = await loginAs(services, 'admin');
    expect(windowDays()).toBe(30);
    for (const value of ['7', '30']) {
      const set = await services.dispatcher.call('settings/set', { key: 'duplicate.windowDays', value }, admin);
      expect(set.ok).toBe(true);
      expect(windowDays()).toBe(Number(value));
    }
  });

  it('a setting changed by another program on the same file (the CLI) counts too', () => {
    expect(windowDays()).toBe(30);
    const other = new Database(databasePath(services.env.dataDir));
    try {
      other.prepare("UPDATE setting SET value = '9' WHERE key = 'duplicate.windowDays'").run();
      expect(windowDays()).toBe(9);
      other.prepare("UPDATE setting SET value = '30' WHERE key = 'duplicate.windowDays'").run();
      expect(windowDays()).toBe(30);
    } finally {
      other.close();
    }
  });

  it('a PC bound to another window numbers its next case with that window’s device code', async () => {
    const checklist = await checklistFor(services, clerk, { kind: 'matter', matterCode: 'GJZ-GA-0001' });
    const accept = async (name: string, passport: string) =>
      parseCaseNumber((await ok<IntakeResultView>('intake/accept', individualForm(checklist, { applicant: { type: 'individual', name, idType: 'passport', idNumber: passport, phone: '13904110101' } }))).caseNumber);
    expect(await accept('赵一', 'E76543211')).toMatchObject({ deviceCode: 'W01' });
    services.env.store.write(system(), (tx) => writeSetting(tx, 'device.windowId', 'demo-window-02'));
    try {
      expect(await accept('赵二', 'E76543212')).toMatchObject({ deviceCode: 'W02' });
    } finally {
      services.env.store.write(system(), (tx) => writeSetting(tx, 'device.windowId', 'demo-window-01'));
    }
    expect(await accept('赵三', 'E76543213')).toMatchObject({ deviceCode: 'W01' });
  });
});

describe('one-time notice and refusal', () => {
  it('a notice needs something missing, and lists every missing material once', async () => {
    const checklist = await checklistFor(services, clerk, { kind: 'matter', matterCode: 'GJZ-SCJG-0004' });
    const person = { type: 'individual', name: '孙八', idType: 'resident_id', idNumber: id('21021119770707001'), phone: '13904110707' };
    const complete = await refused('intake/notice', individualForm(checklist, { applicant: person }));
    expect(complete.message).toContain('无需一次性告知');
    const missing = checklist.materials.filter((m) => m.required).slice(0, 2);
    const form = individualForm(checklist, {
      applicant: person,
      materials: checklist.materials.map((m) => ({ key: m.key, status: missing.some((x) => x.key === m.key) ? 'missing' : 'received' })),
    });
    const result = await ok<IntakeResultView>('intake/notice', form);
    expect(result.status).toBe('notice');
    expect(result.dueDate).toBeNull();
    const print = await ok<{ materials: Array<{ name: string; status: string }> }>('prints/data', { caseId: result.caseId, document: 'notice' });
    expect(print.materials.filter((m) => m.status === 'missing').map((m) => m.name)).toEqual(missing.map((m) => m.name));
  });

  it('a refusal records its reason for the notice', async () => {
    const checklist = await checklistFor(services, clerk, { kind: 'matter', matterCode: 'GJZ-ZJ-0001' });
    const form = {
      ...individualForm(checklist, { applicant: { type: 'enterprise', name: '大连测试置业有限公司', creditCode: '91350100M000100Y43', legalRepresentative: '周九', phone: '0411-88886666' } }),
      refusalReason: '该项目不在本区审批权限内',
    };
    const short = await refused('intake/refuse', { ...form, refusalReason: '不行' });
    expect(short.field).toBe('refusalReason');
    const result = await ok<IntakeResultView>('intake/refuse', form);
    const print = await ok<{ refusalReason: string; title: string }>('prints/data', { caseId: result.caseId, document: 'refusal' });
    expect(print).toMatchObject({ refusalReason: '该项目不在本区审批权限内', title: '不予受理通知书' });
    expect((await refused('prints/data', { caseId: result.caseId, document: 'acceptance' })).code).toBe('CONFLICT');
  });

  it('checks the credit code per GB 32100', async () => {
    const checklist = await checklistFor(services, clerk, { kind: 'matter', matterCode: 'GJZ-SCJG-0001' });
    const form = individualForm(checklist, { applicant: { type: 'enterprise', name: '某公司', creditCode: '91350100M000100Y44', legalRepresentative: '周九', phone: '13904111234' } });
    const error = await refused('intake/accept', form);
    expect(error.field).toBe('applicant.creditCode');
  });
});

describe('a 一件事 bundle', () => {
  it('creates a parent and one child per matter, each bound for its department, asking for shared materials once', async () => {
    const checklist = await checklistFor(services, clerk, { kind: 'bundle', bundleCode: 'YJS-XSECS' });
    const keys = checklist.materials.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    const shared = checklist.materials.filter((m) => m.matterCodes.length > 1);
    expect(shared.length).toBeGreaterThan(0);
    const result = await ok<IntakeResultView>('intake/accept', individualForm(checklist, {
      applicant: { type: 'individual', name: '吴十', idType: 'resident_id', idNumber: id('21021119921212001'), phone: '13904111212' },
      materials: checklist.materials.map((m) => ({ key: m.key, status: m.required ? 'received' : 'missing' })),
    }));
    expect(result.children.map((c) => c.matterCode)).toEqual(checklist.matters.map((m) => m.code));
    // The parent's number, then its children's in the bundle's order, one after another.
    const sequence = (caseNumber: string) => {
      const parsed = parseCaseNumber(caseNumber);
      return parsed.ok ? parsed.sequence : -1;
    };
    const first = sequence(result.caseNumber);
    expect(result.children.map((c) => sequence(c.caseNumber))).toEqual(checklist.matters.map((_, i) => first + 1 + i));
    const parent = await ok<CaseDetailView>('cases/get', { id: result.caseId });
    expect(parent).toMatchObject({ isBundle: true, matterName: checklist.title });
    expect(parent.children).toHaveLength(checklist.matters.length);
    const child = await ok<CaseDetailView>('cases/get', { id: result.children[0]?.caseId ?? '' });
    expect(child.parentCaseId).toBe(result.caseId);
    expect(child.materials.every((m) => m.matterCodes.includes(result.children[0]?.matterCode ?? ''))).toBe(true);
  });
});

describe('drafts and scans', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4d20000000049454e44ae426082', 'hex');

  it('a draft is saved, resumed with its scans, and passes to the case on acceptance', async () => {
    const checklist = await checklistFor(services, clerk, { kind: 'matter', matterCode: 'GJZ-MZ-0003' });
    const form = individualForm(checklist, { applicant: { type: 'individual', name: '郑十一', idType: 'resident_id', idNumber: id('21021119600101001'), phone: '13904110101' } });
    const { draftId } = await ok<{ draftId: string }>('intake/saveDraft', { form: { target: form.target, applicant: { name: '郑十一' } } });
    const key = checklist.materials[0]?.key ?? '';
    const scan = await ok<{ contentName: string; mimeType: string }>('attachments/add', { draftId, materialKey: key, fileName: '身份证.png', dataBase64: png.toString('base64') });
    expect(scan.mimeType).toBe('image/png');
    const again = await ok<{ contentName: string }>('attachments/add', { draftId, materialKey: key, fileName: '身份证-2.png', dataBase64: png.toString('base64') });
    expect(again.contentName).toBe(scan.contentName); // one file on disk, two records
    const drafts = await ok<Array<{ draftId: string; applicantName: string }>>('intake/drafts', {});
    expect(drafts).toContainEqual(expect.objectContaining({ draftId, applicantName: '郑十一' }));
    const resumed = await ok<{ form: { applicant: { name: string } }; attachments: unknown[] }>('intake/getDraft', { draftId });
    expect(resumed.form.applicant.name).toBe('郑十一');
    expect(resumed.attachments).toHaveLength(2);
    const result = await ok<IntakeResultView>('intake/accept', { ...form, draftId });
    const detail = await ok<CaseDetailView>('cases/get', { id: result.caseId });
    expect(detail.attachments).toHaveLength(2);
    expect((await refused('intake/getDraft', { draftId })).code).toBe('NOT_FOUND');
    const content = await ok<{ dataBase64: string }>('attachments/content', { attachmentId: detail.attachments[0]?.id });
    expect(Buffer.from(content.dataBase64, 'base64').equals(png)).toBe(true);
  });

  it('refuses a file that is not an image or PDF, and one that is too large', async () => {
    const { draftId } = await ok<{ draftId: string }>('intake/saveDraft', { form: {} });
    const exe = await refused('attachments/add', { draftId, materialKey: 'x', fileName: 'scan.png', dataBase64: Buffer.from('MZ\x90\x00 not a picture').toString('base64') });
    expect(exe).toMatchObject({ code: 'VALIDATION', field: 'dataBase64' });
    expect(exe.message).toContain('只接受 JPG、PNG 图片或 PDF');
    const huge = Buffer.alloc(11 * 1024 * 1024);
    png.copy(huge);
    const big = await refused('attachments/add', { draftId, materialKey: 'x', fileName: 'big.png', dataBase64: huge.toString('base64') });
    expect(big.field).toBe('dataBase64');
    expect(big.message).toContain('10 MB');
  });
});

describe('prints', () => {
  it('records every print with a growing copy number', async () => {
    const checklist = await checklistFor(services, clerk, { kind: 'matter', matterCode: 'GJZ-RS-0004' });
    const result = await ok<IntakeResultView>('intake/accept', individualForm(checklist, { applicant: { type: 'individual', name: '冯十二', idType: 'resident_id', idNumber: id('21021119700101001'), phone: '13904111111' } }));
    const first = await ok<{ copyNumber: number }>('prints/record', { caseId: result.caseId, document: 'acceptance' });
    const second = await ok<{ copyNumber: number }>('prints/record', { caseId: result.caseId, document: 'acceptance' });
    expect([first.copyNumber, second.copyNumber]).toEqual([1, 2]);
    const data = await ok<{ copyNumber: number; qrPayload: string }>('prints/data', { caseId: result.caseId, document: 'acceptance' });
    expect(data.copyNumber).toBe(3);
    expect(data.qrPayload).toContain(result.caseNumber);
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'print' AND target = ?", result.caseNumber)).toBe(2);
  });
});

describe('search', () => {
  it('finds by case number, ID number, phone and name prefix from one search box', async () => {
    const checklist = await checklistFor(services, clerk, { kind: 'matter', matterCode: 'GJZ-YB-0002' });
    const result = await ok<IntakeResultView>('intake/accept', individualForm(checklist, { applicant: { type: 'individual', name: '欧阳修远', idType: 'resident_id', idNumber: id('21021119880808001'), phone: '13904118888' } }));
    for (const query of [result.caseNumber, id('21021119880808001'), '139 0411 8888', '欧阳']) {
      const page = await ok<{ rows: Array<{ id: string }> }>('cases/list', { query });
      expect(page.rows.map((r) => r.id), query).toContain(result.caseId);
    }
    expect(await ok('cases/byNumber', { caseNumber: result.caseNumber.toLowerCase() })).toEqual({ id: result.caseId });
  });

  it('finds a 一件事 bundle’s parent and every child by the applicant, with the right totals, through the parent’s tokens', async () => {
    const checklist = await checklistFor(services, clerk, { kind: 'bundle', bundleCode: 'YJS-XSECS' });
    const idNumber = id('21021119930303001');
    const result = await ok<IntakeResultView>('intake/accept', individualForm(checklist, {
      applicant: { type: 'individual', name: '司马青衫', idType: 'resident_id', idNumber, phone: '13904113030' },
    }));
    const family = [result.caseId, ...result.children.map((c) => c.caseId)].sort();
    // Only the parent holds tokens; each says how many cases it stands for.
    const tokens = services.env.store.read((tx) =>
      tx.all<{ case_id: string; cases: number }>('SELECT DISTINCT case_id, cases FROM search_token WHERE case_id IN (SELECT ? UNION ALL SELECT id FROM case_record WHERE parent_case_id = ?)', result.caseId, result.caseId),
    );
    expect(tokens).toEqual([{ case_id: result.caseId, cases: family.length }]);
    type Found = { rows: Array<{ id: string; status: string }>; total: number };
    for (const filter of [{ idNumber }, { phone: '13904113030' }, { applicantName: '司马' }, { applicantName: '司马青衫' }, { idNumber, phone: '13904113030' }]) {
      const page = await ok<Found>('cases/list', filter);
      expect(page.rows.map((r) => r.id).sort(), JSON.stringify(filter)).toEqual(family);
      expect(page.total, JSON.stringify(filter)).toBe(family.length);
    }
    // A status list counts the matters' cases, not the parent.
    const accepted = await ok<Found>('cases/list', { idNumber, status: 'accepted' });
    expect(accepted.rows.map((r) => r.id).sort()).toEqual(result.children.map((c) => c.caseId).sort());
    expect(accepted.total).toBe(result.children.length);
    // The duplicate check finds the child that has the matter.
    const single = await checklistFor(services, clerk, { kind: 'matter', matterCode: result.children[0]?.matterCode ?? '' });
    const duplicates = await ok<Array<{ id: string }>>('intake/duplicates', { target: single.target, idNumber });
    expect(duplicates.map((d) => d.id)).toEqual([result.children[0]?.caseId]);
  });

  it('filters by status and date range and sorts by due date', async () => {
    const page = await ok<{ rows: Array<{ dueDate: string | null; status: string }> }>('cases/list', { status: 'accepted', sort: 'dueDate', order: 'asc', dateFrom: '2026-09-01', dateTo: '2026-09-30' });
    expect(page.rows.length).toBeGreaterThan(0);
    const dues = page.rows.map((r) => r.dueDate ?? '');
    expect([...dues].sort()).toEqual(dues);
    expect(page.rows.every((r) => r.status === 'accepted')).toBe(true);
    const inverted = await refused('cases/list', { dateFrom: '2026-10-01', dateTo: '2026-09-01' });
    expect(inverted.field).toBe('dateTo');
  });
});

describe('catalogue and calendar import', () => {
  let admin: string;
  beforeAll(async () => {
    admin = await loginAs(services, 'admin');
  });

  it('a changed matter needs a new version; the import is all or nothing', async () => {
    const exported = (await services.dispatcher.call('catalogue/export', {}, admin)) as { ok: true; value: { matters: Array<{ code: string; name: string; version: number }> } };
    const catalogue = structuredClone(exported.value);
    const [first, second] = catalogue.matters;
    if (!first || !second) throw new Error('demo catalogue too small');
    // The window has resolved both matters before the import (the store keeps them in memory).
    const seen = async (code: string) => (await checklistFor(services, clerk, { kind: 'matter', matterCode: code })).matters[0];
    const before = { first: await seen(first.code), second: await seen(second.code) };
    first.name = `${first.name}（新）`;
    second.version += 1;
    second.name = `${second.name}（第二版）`;
    const result = await services.dispatcher.call('catalogue/import', { catalogue }, admin);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('请提高版本号');
    const after = (await services.dispatcher.call('catalogue/get', {}, admin)) as { ok: true; value: { matters: Array<{ code: string; name: string; version: number }> } };
    expect(after.value.matters.find((m) => m.code === second.code)?.version).toBe(second.version - 1);
    expect(await seen(second.code)).toEqual(before.second);
    first.version += 1;
    const fixed = await services.dispatcher.call('catalogue/import', { catalogue }, admin);
    expect(fixed).toMatchObject({ ok: true, value: { newVersions: [first.code, second.code] } });
    // The next intake resolves the new entries, not the ones kept from before the import.
    expect(await seen(first.code)).toMatchObject({ name: first.name, version: first.version });
    expect(await seen(second.code)).toMatchObject({ name: second.name, version: second.version });
    expect(before.first).toMatchObject({ version: first.version - 1 });
  });

  it('loads a new year of the holiday calendar without a new build', async () => {
    const calendar2027 = { year: 2027, source: '测试', rule: 'Mon-Fri', holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }], makeUpWorkdays: [] };
    const result = await services.dispatcher.call('calendar/import', { calendar: calendar2027 }, admin);
    expect(result).toMatchObject({ ok: true, value: { year: 2027, years: [2026, 2027] } });
    const bad = await services.dispatcher.call('calendar/import', { calendar: { ...calendar2027, holidays: [{ name: 'x', from: '2028-01-01', to: '2028-01-02' }] } }, admin);
    expect(bad.ok).toBe(false);
  });
});

describe('time', () => {
  it('case numbers and due dates follow the date in China, not the PC clock’s zone', async () => {
    now = new Date('2026-10-09T17:30:00Z'); // 01:30 on 10-10 in Dalian, a make-up working day
    clerk = await loginAs(services, 'clerk'); // ten days on, yesterday's session has expired
    const checklist = await checklistFor(services, clerk, { kind: 'matter', matterCode: 'GJZ-RS-0002' });
    const result = await ok<IntakeResultView>('intake/accept', individualForm(checklist, { applicant: { type: 'individual', name: '陈十三', idType: 'resident_id', idNumber: id('21021119650606001'), phone: '13904110606' } }));
    expect(parseCaseNumber(result.caseNumber)).toMatchObject({ date: '2026-10-10' });
  });
});
