import type { CaseDetailView, FollowUpView, LifecycleView } from '@domain/api/views.ts';
import { AppError } from '@domain/errors.ts';
import { residentIdCheckChar } from '@domain/identity/resident-id.ts';
import { actionLabels, type ActionType, type CaseState } from '@domain/lifecycle/index.ts';
import { initialState } from '@domain/lifecycle/state.ts';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { call } from '../../src-renderer/src/shared/api/client.ts';
import CaseActions from '../../src-renderer/src/review/CaseActions.vue';
import FollowUpDialog from '../../src-renderer/src/supervision/FollowUpDialog.vue';
import { lifecycleEventLabel } from '../../src-renderer/src/review/labels.ts';
import RatingDialog from '../../src-renderer/src/review/RatingDialog.vue';
import type { EvaluatorShell } from '../../src-renderer/src/review/evaluator.ts';
import EvaluatorView from '../../src-renderer/src/review/EvaluatorView.vue';
import { calledWith, stubApi } from './api-stub.ts';

vi.mock('../../src-renderer/src/shared/api/client.ts', () => ({ call: vi.fn(), setSessionToken: vi.fn(), captureLaunchToken: vi.fn() }));

/** A 食品经营许可 case (3 review steps) as `cases/get` returns it, with the lifecycle given. */
function caseDetail(options: { status: string; allowed: ActionType[]; state?: Partial<CaseState>; lifecycle?: Partial<LifecycleView> }): CaseDetailView {
  const state: CaseState = {
    ...initialState,
    status: options.status as CaseState['status'],
    caseNumber: 'GJZ-SCJG-0004-20261102-W01-0001',
    stepsRequired: 3,
    acceptedDate: '2026-11-02',
    limit: { value: 10, unit: 'working' },
    baseDueDate: '2026-11-16',
    ...options.state,
  };
  return {
    id: 'case-1',
    isBundle: false,
    caseNumber: state.caseNumber,
    status: options.status,
    matterCode: 'GJZ-SCJG-0004',
    matterName: '食品经营许可（新办）',
    departmentCode: 'GJZ-SCJG',
    departmentName: '甘井子区市场监督管理局',
    applicantType: 'individual',
    applicantName: '流程一',
    applicantIdNumber: '2102**********1234',
    channel: 'window',
    windowNumber: '01',
    clerkName: '王芳',
    acceptedAt: '2026-11-02T02:00:00.000Z',
    dueDate: '2026-11-16',
    createdAt: '2026-11-02T02:00:00.000Z',
    isDemo: false,
    assigneeName: null,
    flagged: false,
    timeLevel: 'normal',
    daysLeft: 10,
    applicantPhone: null,
    applicantCreditCode: null,
    applicantAddress: null,
    legalRepresentative: null,
    agentName: null,
    ticketNumber: null,
    refusalReason: null,
    parentCaseId: null,
    bundleCode: null,
    children: [],
    materials: [],
    attachments: [],
    prints: [],
    events: [],
    lifecycle: {
      state,
      queue: null,
      allowedActions: options.allowed,
      timeLimit: { unit: 'working', limit: 10, dueDate: '2026-11-16', daysLeft: 10, used: 0, paused: 0, level: 'normal', clock: 'running', asOf: '2026-11-02' },
      assigneeName: null,
      version: 7,
      ...options.lifecycle,
    },
  };
}

const global = { plugins: [[ElementPlus] as [typeof ElementPlus]] };

function mountActions(detail: CaseDetailView) {
  return mount(CaseActions, { props: { detail }, global, attachTo: document.body });
}

function buttonLabels(wrapper: ReturnType<typeof mountActions>): string[] {
  return wrapper.findAll('.action-buttons button').map((b) => b.text());
}

/** Dialogs are teleported to <body>: find their parts there. */
function inBody<T extends Element = HTMLElement>(selector: string): T[] {
  return [...document.body.querySelectorAll<T>(selector)];
}

function dialogButton(text: string): HTMLButtonElement {
  const found = inBody<HTMLButtonElement>('.el-dialog button').find((b) => b.textContent?.trim() === text);
  if (!found) throw new Error(`no dialog button ${text}; have ${inBody('.el-dialog button').map((b) => b.textContent?.trim()).join(', ')}`);
  return found;
}

function fieldError(label: string): string | undefined {
  const item = inBody('.el-dialog .el-form-item').find((i) => i.querySelector('.el-form-item__label')?.textContent?.trim() === label);
  return item?.querySelector('.el-form-item__error')?.textContent?.trim();
}

async function typeInto(ariaLabel: string, value: string): Promise<void> {
  const input = inBody<HTMLInputElement | HTMLTextAreaElement>(`.el-dialog [aria-label="${ariaLabel}"]`).find((el) => el.tagName === 'INPUT' || el.tagName === 'TEXTAREA');
  if (!input) throw new Error(`no input ${ariaLabel}`);
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await flushPromises();
}

/** happy-dom does not submit a form from its submit button's click: submit the dialog's form itself. */
async function submitDialog(buttonText: string): Promise<void> {
  const form = dialogButton(buttonText).closest('form');
  if (!form) throw new Error(`${buttonText} is not in a form`);
  form.dispatchEvent(new Event('submit', { cancelable: true }));
  await flushPromises();
}

async function click(element: HTMLElement): Promise<void> {
  element.click();
  await flushPromises();
}

async function openAction(wrapper: ReturnType<typeof mountActions>, action: ActionType): Promise<void> {
  await wrapper.find(`[data-action="${action}"]`).trigger('click');
  await flushPromises();
}

const valid17 = '21021119850301123';
const validId = valid17 + residentIdCheckChar(valid17);
const wrongCheck = valid17 + (residentIdCheckChar(valid17) === '1' ? '2' : '1');

describe('case action panel', () => {
  beforeEach(() => {
    vi.mocked(call).mockReset();
    document.body.innerHTML = '';
  });

  it('shows exactly the allowed actions, labelled as the lifecycle names them', () => {
    const allowed: ActionType[] = ['review.released', 'review.undertake', 'review.supplementRequested', 'review.specialStarted', 'note'];
    const wrapper = mountActions(caseDetail({ status: 'in_review', allowed, lifecycle: { queue: '审查中', assigneeName: '李强' }, state: { assigneeId: 'demo-user-reviewer' } }));
    // Notes have their own form in the drawer; everything else allowed is a button, and nothing more.
    expect(buttonLabels(wrapper)).toEqual(['取消认领', '承办', '退回补正', '启动特别程序']);
    for (const absent of ['审核', '批准', '作出决定', '认领', '出件', '办结', '督办', '改派']) expect(buttonLabels(wrapper)).not.toContain(absent);
    expect(wrapper.find('[data-testid="case-assignee"]').text()).toBe('李强');
    expect(wrapper.find('[data-testid="case-time"]').text()).toContain('2026-11-16');
    expect(wrapper.find('[data-testid="case-time"]').text()).toContain('剩余 10 个工作日');
  });

  it('shows no button for a case that allows nothing to this user', () => {
    const wrapper = mountActions(caseDetail({ status: 'in_review', allowed: ['note'], lifecycle: { queue: '审查中', assigneeName: '李强' } }));
    expect(buttonLabels(wrapper)).toEqual([]);
    expect(wrapper.text()).toContain('当前没有您可以办理的操作。');
  });

  it('sends 认领 at once, with the version the screen showed', async () => {
    const detail = caseDetail({ status: 'in_review', allowed: ['review.claimed'], lifecycle: { queue: '待审' } });
    stubApi({ 'cases/act': () => ({ ...detail, assigneeName: '李强' }) });
    const wrapper = mountActions(detail);
    await openAction(wrapper, 'review.claimed');
    expect(calledWith('cases/act')).toEqual([{ caseId: 'case-1', expectedVersion: 7, act: { action: 'review.claimed' } }]);
    expect(wrapper.emitted('changed')).toHaveLength(1);
  });

  it("shows main's refusal verbatim", async () => {
    const message = '办件当前为「审查中」，已由 demo-user-reviewer 认领，不能执行「认领」。现在可以：取消认领、承办。';
    stubApi({
      'cases/act': () => {
        throw new AppError('CONFLICT', message);
      },
    });
    const wrapper = mountActions(caseDetail({ status: 'in_review', allowed: ['review.claimed'], lifecycle: { queue: '待审' } }));
    await openAction(wrapper, 'review.claimed');
    expect(wrapper.find('[data-testid="case-action-error"]').text()).toContain(message);
  });

  it('the decision form requires a reason for 不予许可 before sending it', async () => {
    const detail = caseDetail({ status: 'in_review', allowed: ['review.decided'], lifecycle: { queue: '审查中' } });
    stubApi({ 'cases/act': () => detail });
    const wrapper = mountActions(detail);
    await openAction(wrapper, 'review.decided');
    expect(inBody('.el-dialog__title').map((t) => t.textContent)).toContain(actionLabels['review.decided']);

    // Nothing chosen yet.
    await submitDialog('确定作出决定');
    await vi.waitFor(() => expect(fieldError('决定')).toBe('请选择准予或不予许可'));

    await click(inBody('.el-dialog .el-radio-button').find((b) => b.textContent?.includes('不予许可')) as HTMLElement);
    await submitDialog('确定作出决定');
    await vi.waitFor(() => expect(fieldError('不予许可理由（必填）')).toBe('不予许可须写明理由（决定书须载明理由及申请人的救济权利）'));
    expect(call).not.toHaveBeenCalled();

    await typeInto('理由', '经营场所与食品安全要求不符');
    await submitDialog('确定作出决定');
    expect(calledWith('cases/act')).toEqual([
      { caseId: 'case-1', expectedVersion: 7, act: { action: 'review.decided', outcome: 'denied', reason: '经营场所与食品安全要求不符' } },
    ]);
  });

  it('checks the collector ID at the window before anything is sent', async () => {
    const detail = caseDetail({ status: 'decided', allowed: ['handover.delivered', 'case.withdrawn'] });
    stubApi({ 'cases/act': () => detail });
    const wrapper = mountActions(detail);
    await openAction(wrapper, 'handover.delivered');
    await typeInto('领取人姓名', '流程一');
    await typeInto('领取人身份证号码', wrongCheck);
    await submitDialog('确定出件');
    await vi.waitFor(() => expect(fieldError('领取人身份证号码')).toBe(`身份证号码校验位错误：最后一位应为 ${residentIdCheckChar(valid17)}，请核对号码`));
    expect(call).not.toHaveBeenCalled();

    await typeInto('领取人身份证号码', '2102111985');
    await submitDialog('确定出件');
    await vi.waitFor(() => expect(fieldError('领取人身份证号码')).toBe('身份证号码应为18位，当前为10位，请核对号码'));

    await typeInto('领取人身份证号码', validId);
    await submitDialog('确定出件');
    expect(calledWith('cases/act')).toEqual([
      { caseId: 'case-1', expectedVersion: 7, act: { action: 'handover.delivered', method: 'window', collectorName: '流程一', collectorIdNumber: validId } },
    ]);
  });

  it('退回补正 lists materials in rows that can be added and removed', async () => {
    const detail = caseDetail({ status: 'in_review', allowed: ['review.supplementRequested'], lifecycle: { queue: '审查中' } });
    stubApi({ 'cases/act': () => detail });
    const wrapper = mountActions(detail);
    await openAction(wrapper, 'review.supplementRequested');
    await submitDialog('确定退回补正');
    await vi.waitFor(() => expect(inBody('.el-dialog .el-form-item__error').map((e) => e.textContent?.trim())).toContain('请填写材料名称'));
    await typeInto('第 1 项材料名称', '食品安全管理制度');
    await typeInto('第 1 项说明', '需加盖公章');
    await click(dialogButton('添加一项'));
    await typeInto('第 2 项材料名称', '多余的一项');
    await click(inBody<HTMLButtonElement>('.el-dialog button[aria-label="删除第 2 项"]')[0] as HTMLButtonElement);
    await submitDialog('确定退回补正');
    expect(calledWith('cases/act')).toEqual([
      { caseId: 'case-1', expectedVersion: 7, act: { action: 'review.supplementRequested', items: [{ name: '食品安全管理制度', note: '需加盖公章' }] } },
    ]);
  });

  it('shows what the applicant must supply while the case is back at the window', () => {
    const wrapper = mountActions(
      caseDetail({
        status: 'supplement',
        allowed: ['intake.supplementProvided'],
        lifecycle: { queue: '补正中' },
        state: {
          pauses: [{ kind: 'supplement', from: '2026-11-03T01:00:00Z', fromDate: '2026-11-03', to: null, toDate: null, reason: '食品安全管理制度', specialKind: null, items: [{ name: '食品安全管理制度', note: '需加盖公章' }], result: null }],
        },
      }),
    );
    expect(wrapper.find('[data-testid="supplement-items"]').text()).toContain('食品安全管理制度（需加盖公章）');
    expect(buttonLabels(wrapper)).toEqual(['补正收件']);
  });

  it('names review steps in the timeline labels', () => {
    expect(lifecycleEventLabel({ type: 'review.stepCompleted', payload: { step: 2, opinion: '同意' } })).toBe('审核');
    expect(lifecycleEventLabel({ type: 'review.supplementRequested', payload: {} })).toBe('退回补正');
    expect(lifecycleEventLabel({ type: 'something.new', payload: {} })).toBe('something.new');
  });
});

describe('好差评 dialog', () => {
  beforeEach(() => {
    vi.mocked(call).mockReset();
    document.body.innerHTML = '';
  });

  function mountRating(detail: CaseDetailView) {
    return mount(RatingDialog, { props: { open: true, detail }, global, attachTo: document.body });
  }

  it('sends the level chosen by the applicant, byApplicant, and says a bad rating is followed up', async () => {
    const detail = caseDetail({ status: 'closed', allowed: ['rating.given'] });
    stubApi({ 'cases/act': () => detail });
    const wrapper = mountRating(detail);
    await flushPromises();
    const levels = inBody('.rating-level').map((b) => b.textContent?.trim());
    expect(levels).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);

    await click(dialogButton('提交评价'));
    expect(document.body.textContent).toContain('请选择总体评价');
    expect(call).not.toHaveBeenCalled();

    await click(inBody('.rating-level[data-level="1"]')[0] as HTMLElement);
    await typeInto('意见建议', '等候时间太长');
    await click(dialogButton('提交评价'));
    expect(calledWith('cases/act')).toEqual([
      { caseId: 'case-1', expectedVersion: 7, act: { action: 'rating.given', level: 1, comment: '等候时间太长', byApplicant: true } },
    ]);
    expect(wrapper.emitted('done')).toHaveLength(1);
    expect(document.body.querySelector('[data-testid="followup-notice"]')?.textContent).toContain('已为窗口负责人生成差评回访任务');
  });

  it('a good rating opens no follow-up', async () => {
    const detail = caseDetail({ status: 'delivered', allowed: ['rating.given'] });
    stubApi({ 'cases/act': () => detail });
    mountRating(detail);
    await flushPromises();
    await click(inBody('.rating-level[data-level="5"]')[0] as HTMLElement);
    await click(dialogButton('提交评价'));
    expect(calledWith('cases/act')).toEqual([{ caseId: 'case-1', expectedVersion: 7, act: { action: 'rating.given', level: 5, byApplicant: true } }]);
    expect(document.body.textContent).toContain('感谢您的评价');
    expect(document.body.querySelector('[data-testid="followup-notice"]')).toBeNull();
  });
});

describe('好差评 on the evaluator window (Electron)', () => {
  const rating = { level: 2, comment: '等候时间太长' };
  let shell: { [K in keyof EvaluatorShell]: ReturnType<typeof vi.fn> };
  beforeEach(() => {
    vi.mocked(call).mockReset();
    document.body.innerHTML = '';
    shell = {
      evaluate: vi.fn(async () => ({ ok: true, rating })),
      evaluatorCase: vi.fn(async () => ({ caseNumber: 'GJZ-SCJG-0004-20261102-W01-0001', matterName: '食品经营许可（新办）' })),
      submitEvaluation: vi.fn(async (r: unknown) => ({ ok: true, rating: r })),
    };
    window.onewindowShell = { print: vi.fn(), saveAsPdf: vi.fn(), ...shell } as unknown as Window['onewindowShell'];
    return () => {
      delete window.onewindowShell;
    };
  });

  it('the clerk’s 好差评 button shows the evaluator, records what the applicant chose there, and opens no dialog', async () => {
    const detail = caseDetail({ status: 'closed', allowed: ['rating.given'] });
    stubApi({ 'cases/act': () => detail });
    const wrapper = mountActions(detail);
    await click(wrapper.find('[data-action="rating.given"]').element as HTMLElement);
    await flushPromises();
    expect(shell.evaluate).toHaveBeenCalledWith({ caseNumber: detail.caseNumber, matterName: detail.matterName });
    expect(calledWith('cases/act')).toEqual([{ caseId: 'case-1', expectedVersion: 7, act: { action: 'rating.given', ...rating, byApplicant: true } }]);
    expect(inBody('.rating-dialog')).toHaveLength(0);
    expect(document.body.textContent).toContain('已为窗口负责人生成差评回访任务');
    expect(wrapper.emitted('changed')).toHaveLength(1);
  });

  it('records nothing when the applicant closes the evaluator without rating', async () => {
    shell.evaluate.mockResolvedValue({ ok: false, reason: 'cancelled', message: '申请人未评价，评价器已关闭。' });
    const detail = caseDetail({ status: 'closed', allowed: ['rating.given'] });
    const wrapper = mountActions(detail);
    await click(wrapper.find('[data-action="rating.given"]').element as HTMLElement);
    await flushPromises();
    expect(call).not.toHaveBeenCalled();
    expect(document.body.textContent).toContain('申请人未评价');
  });

  it('the evaluator page shows the case, checks the form and hands the rating to main, calling no API', async () => {
    const wrapper = mount(EvaluatorView, { global, attachTo: document.body });
    await flushPromises();
    expect(wrapper.text()).toContain('食品经营许可（新办）');
    const submit = wrapper.findAll('button').find((b) => b.text() === '提交评价');
    await click(submit?.element as HTMLElement);
    expect(wrapper.text()).toContain('请选择总体评价');
    await click(wrapper.find('.rating-level[data-level="4"]').element as HTMLElement);
    await click(submit?.element as HTMLElement);
    expect(shell.submitEvaluation).toHaveBeenCalledWith({ level: 4 });
    expect(call).not.toHaveBeenCalled();
  });
});

describe('follow-up dialog', () => {
  beforeEach(() => {
    vi.mocked(call).mockReset();
    document.body.innerHTML = '';
  });

  const followUp: FollowUpView = {
    id: 'f-1',
    caseId: 'case-1',
    caseNumber: 'GJZ-SCJG-0004-20261102-W01-0001',
    matterName: '食品经营许可（新办）',
    applicantName: '流程一',
    ratingLevel: 1,
    comment: '等候时间太长',
    createdAt: '2026-11-02T02:00:00.000Z',
    dueDate: '2026-11-09',
    state: 'open',
    resolution: null,
  };

  it('requires at least 5 characters at the field, then resolves', async () => {
    stubApi({ 'followups/resolve': () => ({ ok: true }) });
    const wrapper = mount(FollowUpDialog, { props: { followUp: null }, global, attachTo: document.body });
    await wrapper.setProps({ followUp });
    await flushPromises();
    await typeInto('回访情况', '已回访');
    await submitDialog('办结回访');
    await vi.waitFor(() => expect(fieldError('回访情况')).toBe('请写明回访情况（至少 5 个字）'));
    expect(call).not.toHaveBeenCalled();
    await typeInto('回访情况', '已电话回访申请人并致歉');
    await submitDialog('办结回访');
    expect(calledWith('followups/resolve')).toEqual([{ id: 'f-1', resolution: '已电话回访申请人并致歉' }]);
    expect(wrapper.emitted('resolved')).toEqual([['f-1']]);
  });
});
