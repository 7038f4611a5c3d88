import { AppError } from '@domain/errors.ts';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import type { SyncStatusView } from '@domain/api/sync-views.ts';
import { call } from '../../src-renderer/src/shared/api/client.ts';
import SyncRegisterPanel from '../../src-renderer/src/sync/SyncRegisterPanel.vue';
import { useSyncStore } from '../../src-renderer/src/sync/store.ts';
import { calledWith, stubApi, type ApiAnswers } from './api-stub.ts';

vi.mock('../../src-renderer/src/shared/api/client.ts', () => ({ call: vi.fn(), setSessionToken: vi.fn(), captureLaunchToken: vi.fn() }));

let wrapper: VueWrapper | null = null;

async function mountPanel(answers: ApiAnswers): Promise<VueWrapper> {
  stubApi({ 'site/config': () => ({ values: [{ key: 'gateway.url', value: 'https://gw.example.gov.cn:8443' }] }), ...answers });
  const pinia = createPinia();
  setActivePinia(pinia);
  wrapper = mount(SyncRegisterPanel, { global: { plugins: [pinia, [ElementPlus]] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

/** The message under a field (el-form-item shows its `error` prop after a short debounce); '' for none. */
async function errorAt(w: VueWrapper, testId: string): Promise<string> {
  await flushPromises();
  await new Promise((resolve) => setTimeout(resolve, 150));
  await nextTick();
  const item = w.find(`[data-testid="${testId}"]`).element.closest('.el-form-item');
  return item?.querySelector('.el-form-item__error')?.textContent?.trim() ?? '';
}

async function fillAndSubmit(w: VueWrapper, code: string): Promise<void> {
  await w.find('[data-testid="sync-code"]').setValue(code);
  await w.find('[data-testid="sync-device-name"]').setValue('3号窗口');
  await w.find('form').trigger('submit');
  await flushPromises();
}

describe('sync registration panel', () => {
  beforeEach(() => {
    vi.mocked(call).mockReset();
    document.body.innerHTML = '';
  });
  afterEach(() => {
    wrapper?.unmount();
    wrapper = null;
  });

  it("shows the gateway's refusal of the code at the 注册码 field, and drops it as soon as the code is changed", async () => {
    const refusal = '注册码已使用过或已过期。请向中心管理员索取新的注册码。';
    const w = await mountPanel({
      'sync/register': () => {
        throw new AppError('VALIDATION', refusal, { field: 'code' });
      },
    });
    expect((w.find('[data-testid="sync-gateway-url"]').element as HTMLInputElement).value).toBe('https://gw.example.gov.cn:8443');
    await fillAndSubmit(w, 'ABCD-EFGH-JKLM');
    expect(calledWith('sync/register')).toEqual([{ gatewayUrl: 'https://gw.example.gov.cn:8443', code: 'ABCD-EFGH-JKLM', deviceName: '3号窗口' }]);
    expect(await errorAt(w, 'sync-code')).toBe(refusal);
    expect(await errorAt(w, 'sync-gateway-url')).toBe('');

    await w.find('[data-testid="sync-code"]').setValue('ABCD-EFGH-JKLN');
    expect(await errorAt(w, 'sync-code')).toBe('');
  });

  it('a refusal of the address is shown at 网关地址 and goes when the address is edited; the next submit starts clean', async () => {
    const refusal = '网关地址不是 https，只有本机可以用 http。请改用信息中心给出的 https 地址。';
    let answer: () => unknown = () => {
      throw new AppError('VALIDATION', refusal, { field: 'gatewayUrl' });
    };
    const w = await mountPanel({ 'sync/register': () => answer() });
    await fillAndSubmit(w, 'ABCD-EFGH-JKLM');
    expect(await errorAt(w, 'sync-gateway-url')).toBe(refusal);
    await w.find('[data-testid="sync-gateway-url"]').setValue('https://gw2.example.gov.cn:8443');
    expect(await errorAt(w, 'sync-gateway-url')).toBe('');

    answer = () => {
      throw new AppError('VALIDATION', '注册码格式不对', { field: 'code' });
    };
    await fillAndSubmit(w, 'XXXX');
    expect(await errorAt(w, 'sync-code')).toBe('注册码格式不对');
    expect(await errorAt(w, 'sync-gateway-url')).toBe('');
  });

  it('once registered shows the registration, and the form only after 重新注册…, reached and opened by keyboard', async () => {
    const link = { gatewayUrl: 'https://gw.example.gov.cn:8443', deviceCode: 'K7P', deviceRole: 'window', centreCode: '210211', centreName: '大连市甘井子区政务服务中心', registeredAt: '2026-12-03T06:57:53.117Z' };
    // No site file names an address: re-registering starts from the one in use.
    const w = await mountPanel({ 'site/config': () => ({ values: [] }) });
    const sync = useSyncStore();
    sync.status = { state: 'online', pending: 0, rejected: 0, lastSyncedAt: null, lastError: null, retryAt: null, clockSkewMs: null, clockWarning: null, link } as SyncStatusView;
    await flushPromises();
    expect(w.find('[data-testid="sync-device-code"]').text()).toBe('K7P');
    expect(w.find('[data-testid="sync-link"]').text()).toContain('大连市甘井子区政务服务中心（210211）');
    expect(w.find('[data-testid="sync-link-state"]').text()).toBe('在线');
    expect(w.find('form').exists()).toBe(false);
    expect(w.find('[data-testid="sync-code"]').exists()).toBe(false);

    const toggle = w.find('[data-testid="sync-reregister"]');
    expect(toggle.element.tagName).toBe('BUTTON');
    expect(toggle.attributes('aria-expanded')).toBe('false');
    (toggle.element as HTMLButtonElement).focus();
    expect(document.activeElement).toBe(toggle.element);
    // A native button: Enter or Space on it is a click.
    await toggle.trigger('click');
    await flushPromises();
    expect(toggle.attributes('aria-expanded')).toBe('true');
    expect(w.find('form').exists()).toBe(true);
    expect(document.activeElement).toBe(w.find('[data-testid="sync-code"]').element);
    expect(w.find('[data-testid="sync-register-submit"]').text()).toBe('用新注册码重新注册');
    expect((w.find('[data-testid="sync-gateway-url"]').element as HTMLInputElement).value).toBe('https://gw.example.gov.cn:8443');
  });
});
