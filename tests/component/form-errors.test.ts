import { AppError } from '@domain/errors.ts';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, nextTick, reactive } from 'vue';
import { call } from '../../src-renderer/src/shared/api/client.ts';
import { onSessionLocked, request } from '../../src-renderer/src/shared/api/request.ts';
import { useFormErrors } from '../../src-renderer/src/shared/forms/form-errors.ts';
import UserCreateDialog from '../../src-renderer/src/admin/UserCreateDialog.vue';
import { stubApi } from './api-stub.ts';

vi.mock('../../src-renderer/src/shared/api/client.ts', () => ({ call: vi.fn(), setSessionToken: vi.fn(), captureLaunchToken: vi.fn() }));

/** A small nested form like the first-run wizard's: main names its fields by path (admin.username). */
const WizardLike = defineComponent({
  setup() {
    const model = reactive({ centreName: '', username: '' });
    const form = useFormErrors(['centreName', 'username'] as const, {
      values: () => model,
      paths: { 'centre.name': 'centreName', 'admin.username': 'username' },
    });
    return { model, form };
  },
  template: `
    <el-form>
      <el-form-item label="服务中心名称" :error="form.errors.centreName" data-testid="centre"><el-input v-model="model.centreName" /></el-form-item>
      <el-form-item label="用户名" :error="form.errors.username" data-testid="username"><el-input v-model="model.username" /></el-form-item>
      <el-alert v-if="form.general" type="error" :title="form.general" data-testid="general" />
    </el-form>`,
});

function mountWizard() {
  return mount(WizardLike, { global: { plugins: [[ElementPlus]] } });
}
type Wizard = ReturnType<typeof mountWizard>;
type WizardForm = Wizard['vm']['form'];
const formOf = (wrapper: Wizard): WizardForm => wrapper.vm.form;
const errorAt = (wrapper: Wizard, testId: string) => wrapper.find(`[data-testid="${testId}"] .el-form-item__error`);

describe('useFormErrors: one way a form shows failures', () => {
  beforeEach(() => {
    vi.mocked(call).mockReset();
    document.body.innerHTML = '';
  });
  afterEach(() => onSessionLocked(null));

  it("shows main's message at the field its path names, in main's words", async () => {
    const wrapper = mountWizard();
    formOf(wrapper).show(new AppError('VALIDATION', '用户名“admin”已存在，请换一个。', { field: 'admin.username' }));
    await vi.waitFor(() => expect(errorAt(wrapper, 'username').text()).toBe('用户名“admin”已存在，请换一个。'));
    expect(errorAt(wrapper, 'centre').exists()).toBe(false);
    expect(wrapper.find('[data-testid="general"]').exists()).toBe(false);
  });

  it("a field named by its own name is shown there too", async () => {
    const wrapper = mountWizard();
    expect(formOf(wrapper).showAtField(new AppError('VALIDATION', '请填写服务中心名称', { field: 'centreName' }))).toBe(true);
    await vi.waitFor(() => expect(errorAt(wrapper, 'centre').text()).toBe('请填写服务中心名称'));
  });

  it('a failure naming a field this form does not have, or none, is the general message', async () => {
    const wrapper = mountWizard();
    const form = formOf(wrapper);
    expect(form.showAtField(new AppError('VALIDATION', '窗口号已被占用', { field: 'window.number' }))).toBe(false);
    form.show(new AppError('VALIDATION', '窗口号已被占用', { field: 'window.number' }));
    await nextTick();
    expect(wrapper.find('[data-testid="general"]').text()).toContain('窗口号已被占用');
    form.show(new TypeError('x is undefined'));
    await nextTick();
    expect(wrapper.find('[data-testid="general"]').text()).toContain('界面出错：x is undefined。请重试；如反复出现请联系管理员。');
    expect(wrapper.findAll('.el-form-item__error')).toHaveLength(0);
  });

  it('a failure the lock screen already answers is not said again', async () => {
    onSessionLocked(() => undefined);
    stubApi({
      'users/list': () => {
        throw new AppError('LOCKED', '会话已锁定，请输入密码解锁。');
      },
    });
    const wrapper = mountWizard();
    const failure = await request('users/list', {}).catch((error: unknown) => error);
    formOf(wrapper).show(failure);
    await nextTick();
    expect(wrapper.find('[data-testid="general"]').exists()).toBe(false);
    expect(wrapper.findAll('.el-form-item__error')).toHaveLength(0);
  });

  it("clears a field's message when its value changes, and only that field's", async () => {
    const wrapper = mountWizard();
    const form = formOf(wrapper);
    form.show(new AppError('VALIDATION', '请填写服务中心名称', { field: 'centre.name' }));
    form.show(new AppError('VALIDATION', '用户名“admin”已存在，请换一个。', { field: 'admin.username' }));
    await vi.waitFor(() => expect(errorAt(wrapper, 'username').exists()).toBe(true));
    await wrapper.find('[data-testid="username"] input').setValue('admin2');
    await vi.waitFor(() => expect(errorAt(wrapper, 'username').exists()).toBe(false));
    expect(errorAt(wrapper, 'centre').text()).toBe('请填写服务中心名称');
  });

  it('clear() empties every field and the general message', async () => {
    const wrapper = mountWizard();
    const form = formOf(wrapper);
    form.show(new AppError('VALIDATION', '请填写服务中心名称', { field: 'centre.name' }));
    form.show(new AppError('INTERNAL', '保存失败，请重试。'));
    await vi.waitFor(() => expect(wrapper.findAll('.el-form-item__error')).toHaveLength(1));
    form.clear();
    await vi.waitFor(() => expect(wrapper.findAll('.el-form-item__error')).toHaveLength(0));
    expect(wrapper.find('[data-testid="general"]').exists()).toBe(false);
  });
});

describe('an admin dialog through it: 新建账号', () => {
  beforeEach(() => {
    vi.mocked(call).mockReset();
    document.body.innerHTML = '';
  });

  const fieldError = (label: string) =>
    [...document.querySelectorAll('.el-form-item')].find((item) => item.querySelector('.el-form-item__label')?.textContent === label)?.querySelector('.el-form-item__error') ?? null;

  it("shows main's refusal at 用户名, and typing a new name clears it", async () => {
    stubApi({
      'users/create': () => {
        throw new AppError('CONFLICT', '用户名“clerk2”已存在，请换一个。', { field: 'username' });
      },
    });
    const wrapper = mount(UserCreateDialog, {
      props: { open: false, departments: [] },
      global: { plugins: [[ElementPlus]] },
      attachTo: document.body,
    });
    await wrapper.setProps({ open: true });
    await flushPromises();
    const input = (label: string) =>
      [...document.querySelectorAll('.el-form-item')].find((item) => item.querySelector('.el-form-item__label')?.textContent === label)?.querySelector('input') as HTMLInputElement;
    const type = async (label: string, value: string) => {
      const box = input(label);
      box.value = value;
      box.dispatchEvent(new Event('input'));
      await flushPromises();
    };
    await type('姓名', '赵敏');
    await type('用户名', 'clerk2');
    await type('初始密码', 'Start#2026x');
    await type('确认密码', 'Start#2026x');
    const roleItem = [...document.querySelectorAll('.el-form-item')].find((item) => item.querySelector('.el-form-item__label')?.textContent === '角色');
    (roleItem?.querySelector('.el-select__wrapper') as HTMLElement).click();
    await flushPromises();
    const option = [...document.querySelectorAll('.el-select-dropdown__item')].find((item) => item.textContent?.trim() === '综合窗口受理人员') as HTMLElement;
    option.click();
    await flushPromises();
    document.querySelector('form')?.dispatchEvent(new Event('submit'));
    await vi.waitFor(() => expect(fieldError('用户名')?.textContent).toBe('用户名“clerk2”已存在，请换一个。'));
    expect(wrapper.emitted('created')).toBeUndefined();

    await type('用户名', 'zhaomin');
    await vi.waitFor(() => expect(fieldError('用户名')).toBeNull());
    wrapper.unmount();
  });
});
