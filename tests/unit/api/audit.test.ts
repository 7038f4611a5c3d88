import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRowView, AuditVerifyView, IntakeResultView, Page } from '../../../src-main/domain/api/views.ts';
import { residentIdCheckChar } from '../../../src-main/domain/identity/resident-id.ts';
import { bootServices, type Services } from '../../../src-main/host/boot.ts';
import { checklistFor, individualForm } from '../../helpers/intake.ts';
import { loginAs } from '../../helpers/services.ts';
import { useFileTempDir } from '../../helpers/temp.ts';

const tempDir = useFileTempDir('onewindow-audit-');

let services: Services;
let now = new Date('2026-11-26T01:00:00Z');
const tokens: Record<string, string> = {};

async function as<T>(role: string, name: string, input: unknown): Promise<T> {
  const result = await services.dispatcher.call(name, input, tokens[role] ?? null);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}
const auditPage = (input: Record<string, unknown>) => as<Page<AuditRowView>>('supervisor', 'audit/list', input);

beforeAll(async () => {
  services = bootServices({ dataDir: tempDir(), appVersion: 'test', clock: () => now });
  for (const role of ['clerk', 'reviewer', 'supervisor', 'admin'] as const) tokens[role] = await loginAs(services, role);
});
afterAll(() => services.close());

describe('every kind of event the issue names is in the trail', () => {
  it('login, failed login, print, state transition and setting change each write a row with user, role, device, time, target, outcome', async () => {
    await services.dispatcher.call('session/login', { username: 'clerk2', password: 'wrong' }, null);
    const first17 = '21021119850301777';
    const checklist = await checklistFor(services, tokens.clerk ?? '', { kind: 'matter', matterCode: 'GJZ-SCJG-0004' });
    const accepted = await as<IntakeResultView>('clerk', 'intake/accept', individualForm(checklist, {
      applicant: { type: 'individual', name: '审计', idType: 'resident_id', idNumber: first17 + residentIdCheckChar(first17), phone: '13904112222' },
    }));
    await as('clerk', 'prints/record', { caseId: accepted.caseId, document: 'acceptance' });
    await as('clerk', 'cases/act', { caseId: accepted.caseId, act: { action: 'case.transferred' } });
    await as('admin', 'settings/set', { key: 'session.idleMinutes', value: '12' });

    const expectRow = async (filter: Record<string, unknown>, row: Partial<AuditRowView>) => {
      const page = await auditPage(filter);
      expect(page.rows[0], JSON.stringify(filter)).toMatchObject({ deviceId: services.env.deviceId, at: now.toISOString(), ...row });
    };
    await expectRow({ action: 'session.login', outcome: 'ok', username: 'clerk' }, { role: 'clerk', target: 'clerk', displayName: expect.any(String) as string });
    await expectRow({ action: 'session.login', outcome: 'denied' }, { target: 'clerk2', detail: { reason: 'password' } });
    await expectRow({ action: 'print' }, { username: 'clerk', target: accepted.caseNumber, outcome: 'ok' });
    await expectRow({ action: 'case.' }, { action: 'case.case.transferred', target: accepted.caseNumber });
    await expectRow({ action: 'setting.change' }, { username: 'admin', role: 'admin', target: 'session.idleMinutes', detail: { value: '12' } });
  });
});

describe('audit/list', () => {
  it('filters by user, action family, outcome and China dates, newest first, in pages', async () => {
    now = new Date('2026-12-01T17:00:00Z'); // 2 December 01:00 in China
    await services.dispatcher.call('session/login', { username: 'reviewer', password: 'wrong' }, null);
    now = new Date('2026-12-02T01:00:00Z');
    // Sessions last 12 hours: a new day, a new login.
    tokens.supervisor = await loginAs(services, 'supervisor');
    tokens.admin = await loginAs(services, 'admin');

    const december2 = await auditPage({ dateFrom: '2026-12-02', dateTo: '2026-12-02' });
    expect(december2.rows.map((r) => [r.action, r.outcome, r.target])).toEqual([
      ['session.login', 'ok', 'admin'],
      ['session.login', 'ok', 'supervisor'],
      ['session.login', 'denied', 'reviewer'],
    ]);
    expect((await auditPage({ dateTo: '2026-12-01' })).rows.every((r) => r.at < '2026-12-01T16:00:00.000Z')).toBe(true);

    const sessions = await auditPage({ action: 'session.', pageSize: 2 });
    expect(sessions.rows).toHaveLength(2);
    expect(sessions.rows.every((r) => r.action.startsWith('session.'))).toBe(true);
    expect(sessions.total).toBeGreaterThan(4);
    const second = await auditPage({ action: 'session.', pageSize: 2, page: 2 });
    expect(second.rows[0]?.seq).toBeLessThan(sessions.rows[1]?.seq ?? 0);

    const admin = await auditPage({ username: 'admin' });
    expect(admin.rows.length).toBeGreaterThan(0);
    expect(admin.rows.every((r) => r.username === 'admin')).toBe(true);
  });

  it('refuses a date range that ends before it starts, in Chinese at the field', async () => {
    const result = await services.dispatcher.call('audit/list', { dateFrom: '2026-12-02', dateTo: '2026-12-01' }, tokens.supervisor ?? null);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'dateTo', message: expect.stringContaining('开始日期不能晚于结束日期') } });
  });
});

// Before the tampering below, which drops the triggers.
describe('retention', () => {
  it('keeps every row: the store refuses DELETE, so nothing inside (or beyond) 180 days can be pruned', () => {
    const store = services.env.store;
    expect(() => store.write({ actor: { userId: null, role: null }, deviceId: 'x' }, (tx) => tx.run('DELETE FROM audit_log WHERE seq = 1'))).toThrow(
      /append-only/,
    );
  });
});

describe('audit/verify against a tampered database file', () => {
  it('confirms an intact chain, then names the exact first row altered through a raw connection', async () => {
    const intact = await as<AuditVerifyView>('admin', 'audit/verify', {});
    expect(intact).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect(intact.rows).toBeGreaterThan(10);

    // What someone with the file and the sqlite3 shell would do: drop the guard, edit a row.
    const raw = new Database(services.env.store.path);
    const victim = raw.prepare("SELECT seq, at FROM audit_log WHERE action = 'setting.change' ORDER BY seq LIMIT 1").get() as { seq: number; at: string };
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare(`UPDATE audit_log SET detail = '{"value":"999"}' WHERE seq = ?`).run(victim.seq);
    // A later row deleted as well: the first broken link is still the edited one.
    raw.exec('DROP TRIGGER audit_log_no_delete');
    raw.prepare('DELETE FROM audit_log WHERE seq = ?').run(victim.seq + 2);
    raw.close();

    const broken = await as<AuditVerifyView>('admin', 'audit/verify', {});
    expect(broken).toEqual({
      ok: false,
      rows: victim.seq,
      firstBrokenSeq: victim.seq,
      firstBrokenAt: victim.at,
      reason: `第 ${victim.seq} 条记录的内容与其哈希不符（记录被篡改）`,
    });
  });
});
