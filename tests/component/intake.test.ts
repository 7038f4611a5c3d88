import type { CatalogueView, ChecklistView, MatterSummaryView } from '@domain/api/views.ts';
import { AppError } from '@domain/errors.ts';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { createMemoryHistory } from 'vue-router';
import { call } from '../../src-renderer/src/shared/api/client.ts';
import { useIntakeStore } from '../../src-renderer/src/intake/store.ts';
import { createAppRouter } from '../../src-renderer/src/router.ts';
import { useSessionStore } from '../../src-renderer/src/session/store.ts';
import IntakeView from '../../src-renderer/src/intake/IntakeView.vue';
import { calledWith, stubApi, user, type ApiAnswers } from './api-stub.ts';

vi.mock('../../src-renderer/src/shared/api/client.ts', () => ({ call: vi.fn(), setSessionToken: vi.fn(), captureLaunchToken: vi.fn() }));

const matter: MatterSummaryView = {
  code: 'GJZ-GA-0001',
  name: '户籍迁移（迁入）',
  version: 1,
  departmentCode: 'GJZ-GA',
  departmentName: '大连市公安局甘井子分局',
  regionCode: '210211',
  kind: 'promised',
  statutoryLimit: { value: 20, unit: 'working' },
  promisedLimit: { value: 5, unit: 'working' },
  feeYuan: 0,
  crossRegion: false,
  reviewSteps: 2,
};

const catalogue: CatalogueView = {
  version: 'test',
  departments: [{ code: 'GJZ-GA', name: '大连市公安局甘井子分局' }],
  matters: [matter],
  bundles: [],
};

const checklist: ChecklistView = {
  target: { kind: 'matter', matterCode: matter.code },
  title: matter.name,
  matters: [matter],
  materials: [
    { key: 'GJZ-GA-0001/M01', name: '户口迁移申请表', required: true, form: 'original', copies: 1, deferrable: false, matterCodes: [matter.code] },
    { key: 'premises-proof', name: '住所使用证明', required: true, form: 'copy', copies: 1, deferrable: true, hint: '可承诺后补', matterCodes: [matter.code] },
    { key: 'marriage-certificate', name: '结婚证', required: false, form: 'copy', copies: 1, deferrable: false, matterCodes: [matter.code] },
  ],
};

// The standard's own example (GB 11643-1999) and a number one digit off.
const goodId = '11010519491231002X';
const badId = '110105194912310021';
const result = { caseId: 'case-1', caseNumber: '21021120261126W01000017X', status: 'accepted', dueDate: '2026-12-03', queryPassword: '123456', children: [] };

function answers(extra: ApiAnswers = {}): ApiAnswers {
  return {
    'catalogue/get': () => catalogue,
    'catalogue/checklist': () => checklist,
    'intake/drafts': () => [],
    'applicants/find': () => null,
    'intake/duplicates': () => [],
    ...extra,
  };
}

let wrapper: VueWrapper | null = null;

async function mountIntake(extra: ApiAnswers = {}) {
  stubApi(answers(extra));
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().user = user('clerk');
  const router = createAppRouter(createMemoryHistory());
  await router.push('/intake');
  await router.isReady();
  wrapper = mount(IntakeView, { global: { plugins: [pinia, router, [ElementPlus]] }, attachTo: document.body });
  await flushPromises();
  const store = useIntakeStore();
  await store.chooseTarget({ kind: 'matter', matterCode: matter.code });
  await flushPromises();
  return { wrapper, store };
}

const input = (w: VueWrapper, field: string) => w.find(`[data-field="${field}"] input`);
/** The message under a field (el-form-item shows its `error` prop after a 100 ms debounce). */
async function errorAt(w: VueWrapper, field: string): Promise<string> {
  await flushPromises();
  await new Promise((resolve) => setTimeout(resolve, 150));
  await nextTick();
  const error = w.find(`[data-field="${field}"] .el-form-item__error`);
  return error.exists() ? error.text() : '';
}
const rowOf = (w: VueWrapper, key: string) => w.find(`[data-field="materials.${key}"]`);

async function fillValidApplicant(w: VueWrapper): Promise<void> {
  await input(w, 'applicant.idNumber').setValue(goodId);
  await input(w, 'applicant.name').setValue('𠮷田<b>春</b>');
  await input(w, 'applicant.phone').setValue('13904111234');
  await flushPromises();
}

function press(init: KeyboardEventInit, target: EventTarget = document.activeElement ?? document.body): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

beforeEach(() => {
  vi.mocked(call).mockReset();
  document.body.innerHTML = '';
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

describe('intake field checks (the API table’s own rules)', () => {
  it('shows the GB 11643 check-digit message at the ID field as soon as 18 characters are typed', async () => {
    const { wrapper: w } = await mountIntake();
    await input(w, 'applicant.idNumber').setValue(badId.slice(0, 10));
    // Not complete and not left yet: no message while typing.
    expect(await errorAt(w, 'applicant.idNumber')).toBe('');
    await input(w, 'applicant.idNumber').setValue(badId);
    expect(await errorAt(w, 'applicant.idNumber')).toBe('身份证号码校验位错误：最后一位应为 X，请核对号码');
    await input(w, 'applicant.idNumber').setValue(goodId.toLowerCase());
    expect(await errorAt(w, 'applicant.idNumber')).toBe('');
    expect(w.find('[data-testid="id-facts"]').text()).toContain('出生日期 1949-12-31');
  });

  it('a short ID number is reported once the field is left', async () => {
    const { wrapper: w } = await mountIntake();
    await input(w, 'applicant.idNumber').setValue('2102');
    await input(w, 'applicant.idNumber').trigger('blur');
    expect(await errorAt(w, 'applicant.idNumber')).toBe('身份证号码应为18位，当前为4位，请核对号码');
  });

  it('checks the 统一社会信用代码 (GB 32100): a wrong check character and a forbidden letter', async () => {
    const { wrapper: w, store } = await mountIntake();
    store.model.applicantType = 'enterprise';
    await flushPromises();
    const box = input(w, 'applicant.creditCode');
    await box.setValue('91350100M000100Y44');
    expect(await errorAt(w, 'applicant.creditCode')).toBe('统一社会信用代码校验位错误：最后一位应为 3，请核对代码');
    await box.setValue('91350100M000100YI3');
    expect(await errorAt(w, 'applicant.creditCode')).toBe(
      '统一社会信用代码第17位“I”不是有效字符（只用数字和除 I、O、S、V、Z 以外的大写字母），请核对',
    );
    await box.setValue('91350100M000100Y43');
    expect(await errorAt(w, 'applicant.creditCode')).toBe('');
  });

  it('checks the phone when the field is left, and clears the message once it is right', async () => {
    const { wrapper: w } = await mountIntake();
    const phone = input(w, 'applicant.phone');
    await phone.setValue('1390411');
    expect(await errorAt(w, 'applicant.phone')).toBe('');
    await phone.trigger('blur');
    expect(await errorAt(w, 'applicant.phone')).toBe('手机号码应为11位，当前为7位，请核对');
    await phone.setValue('86600001');
    expect(await errorAt(w, 'applicant.phone')).toBe('固定电话请加区号，例如 0411-12345678 或 0411-12345678-801');
    await phone.setValue('0411-86600001');
    expect(await errorAt(w, 'applicant.phone')).toBe('');
  });

  it('on 受理 with errors, shows every message, focuses the first field on the page and sends nothing', async () => {
    const { wrapper: w } = await mountIntake();
    await input(w, 'applicant.phone').setValue('123');
    await w.find('[data-testid="decide-accept"]').trigger('click');
    await flushPromises();
    expect(await errorAt(w, 'applicant.name')).toBe('请填写申请人姓名');
    expect(await errorAt(w, 'applicant.idNumber')).toBe('请填写证件号码');
    expect(await errorAt(w, 'applicant.phone')).toBe('手机号码应为11位，当前为3位，请核对');
    // 证件号码 comes before 姓名 and 电话 on the page.
    expect(document.activeElement).toBe(input(w, 'applicant.idNumber').element);
    expect(calledWith('intake/accept')).toEqual([]);
    expect(w.find('[data-testid="decision-problems"]').text()).toContain('有 5 处需要更正');
  });
});

describe('materials', () => {
  it('offers 容缺后补 only for a deferrable material', async () => {
    const { wrapper: w } = await mountIntake();
    const deferredIn = (key: string) => rowOf(w, key).find('input[value="deferred"]').element as HTMLInputElement;
    expect(deferredIn('GJZ-GA-0001/M01').disabled).toBe(true);
    expect(deferredIn('premises-proof').disabled).toBe(false);
    expect(deferredIn('marriage-certificate').disabled).toBe(true);
    expect(rowOf(w, 'premises-proof').text()).toContain('可容缺');
    expect(rowOf(w, 'premises-proof').text()).toContain('提示：可承诺后补');
    expect(rowOf(w, 'GJZ-GA-0001/M01').text()).toContain('原件 1 份');
  });

  it('a required row without a verdict stops 受理 at that row; 全部已收取 then lets it through', async () => {
    const { wrapper: w, store } = await mountIntake({ 'intake/accept': () => result });
    await fillValidApplicant(w);
    store.setMaterial('GJZ-GA-0001/M01', 'received');
    await w.find('[data-testid="decide-accept"]').trigger('click');
    await flushPromises();
    expect(rowOf(w, 'premises-proof').find('[data-testid="material-error"]').text()).toBe('请为每项材料选择：已收取、缺失或容缺后补');
    // An optional row may stay unchecked.
    expect(rowOf(w, 'marriage-certificate').find('[data-testid="material-error"]').exists()).toBe(false);
    expect(document.activeElement).toBe(rowOf(w, 'premises-proof').find('input[type="radio"]').element);
    expect(calledWith('intake/accept')).toEqual([]);

    await w.find('[data-testid="materials-all-received"]').trigger('click');
    await w.find('[data-testid="decide-accept"]').trigger('click');
    await flushPromises();
    expect(calledWith('intake/accept')).toEqual([
      {
        target: { kind: 'matter', matterCode: matter.code },
        applicant: { type: 'individual', name: '𠮷田<b>春</b>', idType: 'resident_id', idNumber: goodId, phone: '13904111234', address: undefined },
        channel: 'window',
        // 叫号时间: when the form was opened for this applicant.
        ticketCalledAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        materials: checklist.materials.map((m) => ({ key: m.key, status: 'received' })),
        acknowledgedDuplicates: [],
      },
    ]);
    expect(w.find('[data-testid="result-case-number"]').text()).toBe(result.caseNumber);
    // Shown as typed, never as markup.
    expect(w.find('[data-testid="result-applicant"]').text()).toBe('𠮷田<b>春</b>');
    expect(w.find('[data-testid="intake-result"] b').exists()).toBe(false);
  });

  it("shows main's refusal of a missing required material at its row and focuses it", async () => {
    const { wrapper: w, store } = await mountIntake({
      'intake/accept': () => {
        throw new AppError('VALIDATION', '必交材料“户口迁移申请表”尚未收取且不允许容缺：请收取后再受理，或出具一次性告知书', {
          field: 'materials.GJZ-GA-0001/M01',
          details: [{ field: 'materials.GJZ-GA-0001/M01', message: '必交材料“户口迁移申请表”尚未收取且不允许容缺：请收取后再受理，或出具一次性告知书' }],
        });
      },
    });
    await fillValidApplicant(w);
    store.markAllReceived();
    store.setMaterial('GJZ-GA-0001/M01', 'missing');
    await flushPromises();
    await w.find('[data-testid="decide-accept"]').trigger('click');
    await flushPromises();
    const row = rowOf(w, 'GJZ-GA-0001/M01');
    expect(row.find('[data-testid="material-error"]').text()).toContain('尚未收取且不允许容缺');
    expect(document.activeElement).toBe(row.find('input[value="missing"]').element);
    // Changing the verdict clears main's message.
    store.setMaterial('GJZ-GA-0001/M01', 'received');
    await flushPromises();
    expect(row.find('[data-testid="material-error"]').exists()).toBe(false);
  });
});

describe('keyboard', () => {
  it('Ctrl+Enter accepts, Alt+J opens the refusal dialog, Ctrl+S saves a draft', async () => {
    const { wrapper: w, store } = await mountIntake({
      'intake/accept': () => result,
      'intake/saveDraft': () => ({ draftId: 'draft-1', updatedAt: '2026-11-26T01:00:00.000Z' }),
    });
    await fillValidApplicant(w);
    store.markAllReceived();

    const save = press({ key: 's', code: 'KeyS', ctrlKey: true });
    expect(save.defaultPrevented).toBe(true);
    await flushPromises();
    expect(calledWith('intake/saveDraft')).toHaveLength(1);
    expect(store.draftId).toBe('draft-1');

    press({ key: 'j', code: 'KeyJ', altKey: true });
    await flushPromises();
    expect(document.body.querySelector('[data-testid="refuse-reason"]')).not.toBeNull();
    expect(w.findComponent({ name: 'ElDialog' }).props('modelValue')).toBe(true);
    // While the dialog is open, Ctrl+Enter is the dialog's, not 受理.
    press({ key: 'Escape', code: 'Escape' });
    w.findComponent({ name: 'ElDialog' }).vm.$emit('update:modelValue', false);
    await flushPromises();

    press({ key: 'Enter', code: 'Enter', ctrlKey: true }, input(w, 'applicant.name').element);
    await flushPromises();
    expect(calledWith('intake/accept')).toHaveLength(1);
    expect((calledWith('intake/accept')[0] as { draftId?: string }).draftId).toBe('draft-1');
    expect(w.find('[data-testid="intake-result"]').exists()).toBe(true);

    // 下一位: a clean form.
    press({ key: 'n', code: 'KeyN', altKey: true });
    await flushPromises();
    expect(w.find('[data-testid="intake-result"]').exists()).toBe(false);
    expect(store.model.individual.name).toBe('');
  });

  it('Enter in a field moves to the next field instead of submitting', async () => {
    const { wrapper: w } = await mountIntake();
    const id = input(w, 'applicant.idNumber').element as HTMLInputElement;
    id.focus();
    const event = press({ key: 'Enter', code: 'Enter' }, id);
    expect(event.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(input(w, 'applicant.name').element);
    press({ key: 'Enter', code: 'Enter' }, document.activeElement as HTMLElement);
    expect(document.activeElement).toBe(input(w, 'applicant.phone').element);
    expect(calledWith('intake/accept')).toEqual([]);
  });

  it('shows the shortcut on each decision button', async () => {
    const { wrapper: w } = await mountIntake();
    expect(w.find('[data-testid="decide-accept"]').text()).toBe('受理Ctrl+Enter');
    expect(w.find('[data-testid="decide-notice"]').text()).toBe('一次性告知Alt+G');
    expect(w.find('[data-testid="decide-refuse"]').text()).toBe('不予受理Alt+J');
    expect(w.find('[data-testid="decide-save"]').text()).toBe('暂存Ctrl+S');
  });
});

describe('returning applicants and duplicates', () => {
  it('offers the last known details for a valid ID number and fills them on Alt+Y', async () => {
    const { wrapper: w, store } = await mountIntake({
      'applicants/find': () => ({
        type: 'individual',
        name: '龘龙',
        idType: 'resident_id',
        idNumber: goodId,
        creditCode: null,
        legalRepresentative: null,
        contactName: null,
        phone: '13904110006',
        address: '大连市甘井子区“虹港”路 <8> 号 ☀️',
        lastSeenAt: '2026-11-20T02:00:00.000Z',
        caseCount: 2,
      }),
    });
    await input(w, 'applicant.idNumber').setValue(goodId);
    await flushPromises();
    expect(calledWith('applicants/find')).toEqual([{ idNumber: goodId }]);
    expect(w.find('[data-testid="returning-offer"]').text()).toContain('回头客：龘龙，以往办件 2 件');
    press({ key: 'y', code: 'KeyY', altKey: true });
    await flushPromises();
    expect(store.model.individual.name).toBe('龘龙');
    expect((input(w, 'applicant.address').element as HTMLInputElement).value).toBe('大连市甘井子区“虹港”路 <8> 号 ☀️');
  });

  it('shows earlier cases side by side before accepting, and sends the acknowledgement', async () => {
    const earlier = {
      id: 'old-1',
      caseNumber: '21021120261120W01000003K',
      matterCode: matter.code,
      matterName: matter.name,
      status: 'accepted',
      createdAt: '2026-11-20T02:00:00.000Z',
      clerkName: '赵磊',
      windowNumber: '02',
    };
    const { wrapper: w, store } = await mountIntake({ 'intake/duplicates': () => [earlier], 'intake/accept': () => result });
    await fillValidApplicant(w);
    store.markAllReceived();
    await flushPromises();
    expect(w.find('[data-testid="duplicate-notice"]').text()).toContain(earlier.caseNumber);
    await w.find('[data-testid="decide-accept"]').trigger('click');
    await flushPromises();
    expect(calledWith('intake/accept')).toEqual([]);
    const dialog = document.body.querySelector('[data-testid="duplicate-list"]');
    expect(dialog?.textContent).toContain(earlier.caseNumber);
    expect(dialog?.textContent).toContain('赵磊（02 号窗口）');
    (document.body.querySelector('[data-testid="duplicate-confirm"]') as HTMLButtonElement).click();
    await flushPromises();
    expect(calledWith('intake/accept')).toHaveLength(1);
    expect((calledWith('intake/accept')[0] as { acknowledgedDuplicates: string[] }).acknowledgedDuplicates).toEqual(['old-1']);
  });
});
