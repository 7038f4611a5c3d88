import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetailView, FollowUpView, IntakeResultView, Page, CaseRowView, QueueCountsView, SupervisionView } from '../../../src-main/domain/api/views.ts';
import { residentIdCheckChar } from '../../../src-main/domain/identity/resident-id.ts';
import { bootServices, type Services } from '../../../src-main/host/boot.ts';
import { checklistFor, individualForm } from '../../helpers/intake.ts';
import { loginAs } from '../../helpers/services.ts';
import { useFileTempDir } from '../../helpers/temp.ts';

const tempDir = useFileTempDir('onewindow-lifecycle-');

let services: Services;
let now = new Date('2026-11-02T02:00:00Z'); // Monday 10:00 in Dalian
const tokens: Record<string, string> = {};
let serial = 0;

beforeAll(async () => {
  services = bootServices({ dataDir: tempDir(), appVersion: 'test', clock: () => now });
  for (const role of ['clerk', 'reviewer', 'supervisor'] as const) tokens[role] = await loginAs(services, role);
});
afterAll(() => services.close());

async function as<T>(role: string, name: string, input: unknown): Promise<T> {
  const result = await services.dispatcher.call(name, input, tokens[role] ?? null);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}
async function refusedAs(role: string, name: string, input: unknown) {
  const result = await services.dispatcher.call(name, input, tokens[role] ?? null);
  if (result.ok) throw new Error(`${name} should have been refused`);
  return result.error;
}
const act = (role: string, caseId: string, action: Record<string, unknown>) => as<CaseDetailView>(role, 'cases/act', { caseId, act: action });

/** A 市场监管 matter with three review steps, accepted at the window. */
async function acceptedCase(matterCode = 'GJZ-SCJG-0004'): Promise<IntakeResultView> {
  serial += 1;
  const first17 = `2102111985030${String(1000 + serial).slice(-4)}`;
  const checklist = await checklistFor(services, tokens.clerk ?? '', { kind: 'matter', matterCode });
  return as<IntakeResultView>('clerk', 'intake/accept', individualForm(checklist, {
    applicant: { type: 'individual', name: `流程${serial}`, idType: 'resident_id', idNumber: first17 + residentIdCheckChar(first17), phone: '13904112222' },
  }));
}

describe('受审分离: from the window to the back office and back', () => {
  it('goes through review with a 补正 round and a 特别程序 pause, then hand-over, closing and a bad rating', async () => {
    const accepted = await acceptedCase();
    let detail = await act('clerk', accepted.caseId, { action: 'case.transferred' });
    expect(detail.lifecycle?.queue).toBe('待审');
    const counts = await as<QueueCountsView>('reviewer', 'review/queues', {});
    expect(counts.counts['待审']).toBeGreaterThan(0);
    const queue = await as<Page<CaseRowView>>('reviewer', 'review/queue', { queue: '待审' });
    expect(queue.rows.map((r) => r.id)).toContain(accepted.caseId);

    detail = await act('reviewer', accepted.caseId, { action: 'review.claimed' });
    expect(detail.lifecycle?.assigneeName).toBe('李强');
    expect(detail.lifecycle?.allowedActions).toContain('review.undertake');
    await act('reviewer', accepted.caseId, { action: 'review.undertake', opinion: '材料齐全，拟同意' });

    const dueBefore = detail.lifecycle?.timeLimit?.dueDate;
    detail = await act('reviewer', accepted.caseId, { action: 'review.supplementRequested', items: [{ name: '食品安全管理制度', note: '需加盖公章' }] });
    expect(detail.status).toBe('supplement');
    expect(detail.lifecycle?.timeLimit?.clock).toBe('paused');
    // Two working days pass at the window before the applicant brings the material.
    now = new Date('2026-11-04T02:00:00Z');
    tokens.clerk = await loginAs(services, 'clerk');
    tokens.reviewer = await loginAs(services, 'reviewer');
    tokens.supervisor = await loginAs(services, 'supervisor');
    detail = await act('clerk', accepted.caseId, { action: 'intake.supplementProvided', items: [{ name: '食品安全管理制度' }] });
    expect(detail.status).toBe('in_review');
    expect(detail.lifecycle?.timeLimit?.paused).toBe(2);
    expect(detail.lifecycle?.timeLimit?.dueDate).not.toBe(dueBefore);
    expect(detail.dueDate).toBe(detail.lifecycle?.timeLimit?.dueDate);

    await act('reviewer', accepted.caseId, { action: 'review.specialStarted', kind: 'inspection', reason: '现场核查经营场所' });
    await act('reviewer', accepted.caseId, { action: 'review.specialEnded', result: '核查通过' });
    await act('reviewer', accepted.caseId, { action: 'review.check', opinion: '同意' });
    await act('reviewer', accepted.caseId, { action: 'review.approve', opinion: '准予' });
    detail = await act('reviewer', accepted.caseId, { action: 'review.decided', outcome: 'granted' });
    expect(detail.status).toBe('decided');

    const badId = await refusedAs('clerk', 'cases/act', { caseId: accepted.caseId, act: { action: 'handover.delivered', method: 'window', collectorName: '流程', collectorIdNumber: '210211198503011235' } });
    expect(badId.field).toBe('collectorIdNumber');
    const first17 = '21021119850301123';
    detail = await act('clerk', accepted.caseId, { action: 'handover.delivered', method: 'window', collectorName: '流程本人', collectorIdNumber: first17 + residentIdCheckChar(first17) });
    expect(detail.lifecycle?.state.delivery?.collectorIdMasked).toMatch(/^2102\*+/);
    expect(JSON.stringify(detail.events)).not.toContain(first17);
    await act('clerk', accepted.caseId, { action: 'case.closed' });
    detail = await act('clerk', accepted.caseId, { action: 'rating.given', level: 2, comment: '等候时间太长' });
    expect(detail.lifecycle?.state.rating?.level).toBe(2);
    const followUps = await as<FollowUpView[]>('supervisor', 'followups/list', {});
    const followUp = followUps.find((f) => f.caseId === accepted.caseId);
    expect(followUp).toMatchObject({ ratingLevel: 2, state: 'open', comment: '等候时间太长' });
    await as('supervisor', 'followups/resolve', { id: followUp?.id, resolution: '已电话回访，致歉并说明原因' });
    expect((await as<FollowUpView[]>('supervisor', 'followups/list', {})).some((f) => f.id === followUp?.id)).toBe(false);
    const again = await refusedAs('clerk', 'cases/act', { caseId: accepted.caseId, act: { action: 'rating.given', level: 5 } });
    expect(again.code).toBe('CONFLICT');
  });

  it('refuses an illegal action naming the current state and what is allowed now', async () => {
    const accepted = await acceptedCase();
    const error = await refusedAs('clerk', 'cases/act', { caseId: accepted.caseId, act: { action: 'handover.delivered', method: 'electronic' } });
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('已受理');
    expect(error.message).toContain('流转');
  });

  it('only the assignee acts; a supervisor reassigns; a reviewer of another department cannot', async () => {
    const accepted = await acceptedCase();
    await act('clerk', accepted.caseId, { action: 'case.transferred' });
    await act('reviewer', accepted.caseId, { action: 'review.claimed' });
    const supervisorStep = await refusedAs('supervisor', 'cases/act', { caseId: accepted.caseId, act: { action: 'review.undertake', opinion: '越权' } });
    expect(supervisorStep.code).toBe('CONFLICT');
    expect(supervisorStep.message).not.toContain('demo-user-');
    const badTarget = await refusedAs('supervisor', 'cases/act', { caseId: accepted.caseId, act: { action: 'review.reassigned', toUserId: 'demo-user-clerk' } });
    expect(badTarget.field).toBe('toUserId');
    const otherDepartment = await acceptedCase('GJZ-GA-0001');
    await act('clerk', otherDepartment.caseId, { action: 'case.transferred' });
    const foreign = await refusedAs('reviewer', 'cases/act', { caseId: otherDepartment.caseId, act: { action: 'review.claimed' } });
    expect(foreign.code).toBe('FORBIDDEN');
    expect(foreign.message).toContain('不属于本部门（GJZ-SCJG）');
  });

  it('a stale screen cannot act on a case that moved on', async () => {
    const accepted = await acceptedCase();
    const seen = await as<CaseDetailView>('clerk', 'cases/get', { id: accepted.caseId });
    await act('clerk', accepted.caseId, { action: 'case.transferred' }); // another window, meanwhile
    const stale = await refusedAs('clerk', 'cases/act', { caseId: accepted.caseId, expectedVersion: seen.lifecycle?.version, act: { action: 'case.withdrawn', reason: '申请人撤回申请' } });
    expect(stale.message).toContain('已被他人更新');
  });

  it('withdrawal by the clerk, voiding only by the supervisor, flags seen by the assignee', async () => {
    const a = await acceptedCase();
    const b = await acceptedCase();
    expect((await refusedAs('clerk', 'cases/act', { caseId: a.caseId, act: { action: 'case.voided', reason: '重复录入' } })).code).toBe('CONFLICT');
    expect((await act('supervisor', a.caseId, { action: 'case.voided', reason: '重复录入' })).status).toBe('voided');
    expect((await act('clerk', b.caseId, { action: 'case.withdrawn', reason: '申请人撤回申请' })).status).toBe('withdrawn');
    const c = await acceptedCase();
    await act('clerk', c.caseId, { action: 'case.transferred' });
    await act('reviewer', c.caseId, { action: 'review.claimed' });
    await act('supervisor', c.caseId, { action: 'supervision.flagged', note: '请加快办理' });
    const page = await as<Page<CaseRowView>>('reviewer', 'review/queue', { queue: '审查中' });
    expect(page.rows.find((r) => r.id === c.caseId)).toMatchObject({ flagged: true, assigneeName: '李强' });
  });

  it('counts overdue cases for the supervisor', async () => {
    const late = await acceptedCase('GJZ-SCJG-0002'); // 3 working days
    await act('clerk', late.caseId, { action: 'case.transferred' });
    now = new Date('2026-11-20T02:00:00Z');
    tokens.supervisor = await loginAs(services, 'supervisor');
    tokens.clerk = await loginAs(services, 'clerk');
    const overview = await as<SupervisionView>('supervisor', 'supervision/overview', {});
    expect(overview.overdue).toBeGreaterThan(0);
    expect(overview.overdueByDepartment.map((d) => d.departmentCode)).toContain('GJZ-SCJG');
    const list = await as<Page<CaseRowView>>('clerk', 'cases/list', { query: late.caseNumber });
    expect(list.rows[0]).toMatchObject({ timeLevel: 'overdue' });
    expect(list.rows[0]?.daysLeft).toBeLessThan(0);
  });

  it('a 一件事 parent shows where its matters stand and is not counted in status lists', async () => {
    serial += 1;
    const first17 = `2102111988060${String(1000 + serial).slice(-4)}`;
    const checklist = await checklistFor(services, tokens.clerk ?? '', { kind: 'bundle', bundleCode: 'YJS-XSECS' });
    const bundle = await as<IntakeResultView>('clerk', 'intake/accept', individualForm(checklist, {
      applicant: { type: 'individual', name: `一件事${serial}`, idType: 'resident_id', idNumber: first17 + residentIdCheckChar(first17), phone: '13904113333' },
    }));
    const parentStatus = async () => (await as<CaseDetailView>('clerk', 'cases/get', { id: bundle.caseId })).status;
    expect(await parentStatus()).toBe('accepted');
    const [first, ...rest] = bundle.children;
    await act('clerk', first?.caseId ?? '', { action: 'case.transferred' });
    expect(await parentStatus()).toBe('in_review');
    const inReview = await as<Page<CaseRowView>>('clerk', 'cases/list', { status: 'in_review', applicantName: `一件事${serial}` });
    expect(inReview.rows.map((r) => r.id)).toEqual([first?.caseId]);
    const all = await as<Page<CaseRowView>>('clerk', 'cases/list', { applicantName: `一件事${serial}` });
    expect(all.rows.find((r) => r.id === bundle.caseId)).toMatchObject({ isBundle: true, status: 'in_review', timeLevel: null });
    for (const child of rest) await act('clerk', child.caseId, { action: 'case.withdrawn', reason: '申请人撤回申请' });
    expect(await parentStatus()).toBe('in_review');
    await act('clerk', first?.caseId ?? '', { action: 'case.withdrawn', reason: '申请人撤回申请' });
    expect(await parentStatus()).toBe('withdrawn');
  });
});

describe('补齐后受理: a one-time notice completed at the window', () => {
  it('accepts the case under its number with the matter’s limit counted from the day the materials are complete', async () => {
    serial += 1;
    const first17 = `2102111986040${String(1000 + serial).slice(-4)}`;
    const checklist = await checklistFor(services, tokens.clerk ?? '', { kind: 'matter', matterCode: 'GJZ-SCJG-0004' });
    const missing = checklist.materials.find((m) => m.required);
    const notice = await as<IntakeResultView>('clerk', 'intake/notice', individualForm(checklist, {
      applicant: { type: 'individual', name: `补齐${serial}`, idType: 'resident_id', idNumber: first17 + residentIdCheckChar(first17), phone: '13904113333' },
      materials: checklist.materials.map((m) => ({ key: m.key, status: m.key === missing?.key ? 'missing' : 'received' })),
    }));
    expect(notice.status).toBe('notice');
    const detail = await act('clerk', notice.caseId, { action: 'notice.completed' });
    expect(detail.status).toBe('accepted');
    expect(detail.caseNumber).toBe(notice.caseNumber);
    const limit = checklist.matters[0]?.promisedLimit;
    const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const expectedDue = services.env.store.read((tx) => services.env.calendar.get(tx).dueDate(today, limit?.value ?? 0, limit?.unit ?? 'working'));
    expect(detail.dueDate).toBe(expectedDue);
    expect(detail.lifecycle?.timeLimit?.dueDate).toBe(expectedDue);
    expect(detail.lifecycle?.allowedActions).toContain('case.transferred');
    // Only once: the case is no longer under notice.
    const again = await refusedAs('clerk', 'cases/act', { caseId: notice.caseId, act: { action: 'notice.completed' } });
    expect(again.message).toContain('补齐后受理');
  });
});
