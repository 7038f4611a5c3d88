/**
 * 生效配置: the 来源 column holds its longest label (「中心平台（注册）」) on one line. happy-dom
 * lays nothing out, so the width is checked against what the label needs in Element Plus's
 * small tag: 12 px a full-width character, the tag's padding 2 × 7 px and border 2 × 1 px, and the
 * cell's padding 2 × 12 px.
 */
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import SiteConfigPanel from '../../src-renderer/src/admin/SiteConfigPanel.vue';
import { call } from '../../src-renderer/src/shared/api/client.ts';
import { stubApi } from './api-stub.ts';

vi.mock('../../src-renderer/src/shared/api/client.ts', () => ({ call: vi.fn(), setSessionToken: vi.fn(), captureLaunchToken: vi.fn() }));

let wrapper: VueWrapper | null = null;

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

describe('生效配置', () => {
  it('gives the 来源 column the width its longest label needs', async () => {
    vi.mocked(call).mockReset();
    stubApi({
      'site/config': () => ({
        siteFile: null,
        firstRun: false,
        needsWindow: false,
        kiosk: false,
        windows: [],
        values: [
          { key: 'centre.name', label: '服务中心', value: '大连市甘井子区政务服务中心', source: 'platform' },
          { key: 'centre.regionCode', label: '区划代码', value: '210211', source: 'default' },
        ],
      }),
    });
    const pinia = createPinia();
    setActivePinia(pinia);
    wrapper = mount(SiteConfigPanel, { global: { plugins: [pinia, [ElementPlus]] }, attachTo: document.body });
    await flushPromises();
    const label = wrapper.find('[data-testid="source-centre.name"]').text();
    expect(label).toBe('中心平台（注册）');
    const needed = label.length * 12 + 2 * 7 + 2 * 1 + 2 * 12;
    const sourceHeader = wrapper.findAll('th').findIndex((th) => th.text() === '来源');
    const col = wrapper.findAll('colgroup')[0]?.findAll('col')[sourceHeader];
    expect(Number(col?.attributes('width'))).toBeGreaterThanOrEqual(needed);
  });
});
