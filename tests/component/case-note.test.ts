import { AppError } from '@domain/errors.ts';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { call } from '../../src-renderer/src/shared/api/client.ts';
import CaseNoteForm from '../../src-renderer/src/cases/CaseNoteForm.vue';
import { calledWith, stubApi } from './api-stub.ts';

vi.mock('../../src-renderer/src/shared/api/client.ts', () => ({ call: vi.fn(), setSessionToken: vi.fn(), captureLaunchToken: vi.fn() }));

function mountForm() {
  return mount(CaseNoteForm, { props: { caseId: 'case-1' }, global: { plugins: [[ElementPlus]] } });
}

const errorText = (wrapper: ReturnType<typeof mountForm>) => wrapper.find('.el-form-item__error');

describe('case note form', () => {
  beforeEach(() => {
    vi.mocked(call).mockReset();
    document.body.innerHTML = '';
  });

  it('refuses a blank note with the API table message, without calling main', async () => {
    const wrapper = mountForm();
    await wrapper.find('textarea').setValue('   ');
    await wrapper.find('form').trigger('submit');
    await vi.waitFor(() => expect(errorText(wrapper).text()).toBe('备注不能为空'));
    expect(call).not.toHaveBeenCalled();
  });

  it('sends the note with Enter, then clears the box and tells the drawer', async () => {
    stubApi({ 'cases/addNote': () => ({ eventId: 'e-1', seq: 2 }) });
    const wrapper = mountForm();
    const box = wrapper.find('textarea');
    await box.setValue('已电话告知申请人补齐材料');
    await box.trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(calledWith('cases/addNote')).toEqual([{ id: 'case-1', note: '已电话告知申请人补齐材料' }]);
    expect((box.element as HTMLTextAreaElement).value).toBe('');
    expect(wrapper.emitted('added')).toHaveLength(1);
  });

  it('Shift+Enter is a new line, not a submit', async () => {
    const wrapper = mountForm();
    await wrapper.find('textarea').setValue('第一行');
    await wrapper.find('textarea').trigger('keydown', { key: 'Enter', shiftKey: true });
    await flushPromises();
    expect(call).not.toHaveBeenCalled();
  });

  it("shows main's validation error at the note field", async () => {
    stubApi({
      'cases/addNote': () => {
        throw new AppError('VALIDATION', '输入有误：备注最多 500 字', { field: 'note' });
      },
    });
    const wrapper = mountForm();
    await wrapper.find('textarea').setValue('太长');
    await wrapper.find('form').trigger('submit');
    await vi.waitFor(() => expect(errorText(wrapper).text()).toBe('输入有误：备注最多 500 字'));
    expect(wrapper.emitted('added')).toBeUndefined();
  });

  it('shows an error that names no field as a message', async () => {
    stubApi({
      'cases/addNote': () => {
        throw new AppError('NOT_FOUND', '找不到编号为 case-1 的办件，请核对后重试。', { field: 'id' });
      },
    });
    const wrapper = mountForm();
    await wrapper.find('textarea').setValue('备注');
    await wrapper.find('form').trigger('submit');
    await vi.waitFor(() => expect(document.body.textContent).toContain('找不到编号为 case-1 的办件，请核对后重试。'));
    expect(errorText(wrapper).exists()).toBe(false);
  });
});
