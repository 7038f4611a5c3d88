/**
 * The case drawer's scans (CaseScans.vue): a scan still at the central platform says so, opening
 * it shows the picture main answered with, and a scan that cannot be fetched shows main's reason
 * (what happened and what to do) with a way to try again, not an empty dialog.
 */
import type { AttachmentView, CaseDetailView } from '@domain/api/views.ts';
import { AppError } from '@domain/errors.ts';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import CaseScans from '../../src-renderer/src/cases/CaseScans.vue';
import { stubApi } from './api-stub.ts';

vi.mock('../../src-renderer/src/shared/api/client.ts', () => ({ call: vi.fn(), setSessionToken: vi.fn(), captureLaunchToken: vi.fn() }));

beforeAll(() => {
  // jsdom has no object URLs; the component only hands them to <img>.
  URL.createObjectURL = vi.fn(() => 'blob:scan');
  URL.revokeObjectURL = vi.fn();
});

const remote: AttachmentView = { id: 'a1', materialKey: 'apply-form', fileName: '张三申请书.png', mimeType: 'image/png', size: 48_000, contentName: null, addedAt: '2026-12-02T01:00:00Z' };
const materials = [{ key: 'apply-form', name: '申请书' }] as unknown as CaseDetailView['materials'];
const offline = '扫描件“张三申请书.png”尚未同步到本机：暂时连不上中心平台（连接中断）。联网后再打开，即自动从中心平台获取。';

function mountScans() {
  return mount(CaseScans, { props: { scans: [remote], materials }, global: { plugins: [ElementPlus] }, attachTo: document.body });
}

describe('the scans of a case in its drawer', () => {
  it('names a scan still at the central platform, and shows why it cannot be opened offline, with 重试', async () => {
    let online = false;
    stubApi({
      'attachments/content': () => {
        if (!online) throw new AppError('UNAVAILABLE', offline);
        return { mimeType: 'image/png', dataBase64: Buffer.from('\x89PNG').toString('base64') };
      },
    });
    const wrapper = mountScans();
    expect(wrapper.text()).toContain('张三申请书.png');
    expect(wrapper.text()).toContain('申请书 · 47 KB');
    expect(wrapper.text()).toContain('在中心平台，打开时取回');

    await wrapper.get('button[aria-label="查看扫描件 张三申请书.png"]').trigger('click');
    await flushPromises();
    const alert = document.body.querySelector('[data-testid="scan-error"]');
    expect(alert?.textContent).toContain(offline);
    expect(document.body.querySelector('.case-scan-image')).toBeNull();

    online = true;
    const retry = [...document.body.querySelectorAll('button')].find((b) => b.textContent?.trim() === '重试');
    retry?.click();
    await flushPromises();
    expect(document.body.querySelector('[data-testid="scan-error"]')).toBeNull();
    const image = document.body.querySelector<HTMLImageElement>('.case-scan-image');
    expect(image?.getAttribute('src')).toBe('blob:scan');
    expect(image?.getAttribute('alt')).toBe('张三申请书.png');
    expect(wrapper.emitted('fetched')).toHaveLength(1);
    wrapper.unmount();
  });
});
