import type { SyncItemView, SyncRunView, SyncStatusView } from '@domain/api/sync-views.ts';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { call } from '../../src-renderer/src/shared/api/client.ts';
import SyncStatusItem from '../../src-renderer/src/sync/SyncStatusItem.vue';
import SyncView from '../../src-renderer/src/sync/SyncView.vue';
import { stubApi, type ApiAnswers } from './api-stub.ts';

vi.mock('../../src-renderer/src/shared/api/client.ts', () => ({ call: vi.fn(), setSessionToken: vi.fn(), captureLaunchToken: vi.fn() }));

/** Online, with one claim the gateway refused because another reviewer claimed first. */
const onlineWithRefusal: SyncStatusView = {
  state: 'online',
  pending: 0,
  rejected: 1,
  lastSyncedAt: '2026-12-03T02:05:00.000Z',
  lastError: null,
  retryAt: null,
  clockSkewMs: 0,
  clockWarning: null,
  link: null,
};

const refusedClaim: SyncItemView = {
  id: 'm-1',
  state: 'rejected',
  caseId: 'case-1',
  caseNumber: '2102112026120300100001X',
  matterName: '企业简易注销登记',
  caseStatus: 'in_review',
  what: '认领',
  actorId: 'u-zhang',
  actorName: '张三',
  createdAt: '2026-12-03T02:01:00.000Z',
  reason: '该件已由李强于10:02认领。',
  advice: '办件已按中心平台的记录更新。请打开办件查看现状，确需办理的请重新操作。',
  rejectedAt: '2026-12-03T02:05:00.000Z',
};

/** The drawer stands in for CaseDetailDrawer: it shows which case it was asked to open. */
const DrawerProbe = defineComponent({
  props: { caseId: { type: String, default: null } },
  setup: (props) => () => h('div', { 'data-testid': 'drawer-probe' }, props.caseId ?? ''),
});

let wrapper: VueWrapper | null = null;

async function mountWith(component: typeof SyncView | typeof SyncStatusItem, answers: ApiAnswers = {}): Promise<VueWrapper> {
  stubApi({ 'sync/status': () => onlineWithRefusal, 'sync/items': () => [refusedClaim], ...answers });
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: { render: () => null } }] });
  wrapper = mount(component, {
    global: { plugins: [pinia, router, [ElementPlus]], stubs: { CaseDetailDrawer: DrawerProbe, SyncRegisterPanel: true } },
    attachTo: document.body,
  });
  await flushPromises();
  return wrapper;
}

describe('the 同步 page and the status bar with a refused item', () => {
  beforeEach(() => {
    vi.mocked(call).mockReset();
    document.body.innerHTML = '';
  });
  afterEach(() => {
    wrapper?.unmount();
    wrapper = null;
  });

  it('keeps 在线 green when an item was refused, and reds the 被拒收 count instead', async () => {
    const page = await mountWith(SyncView);
    const state = page.find('[data-testid="sync-page-state"]');
    expect(state.text()).toBe('在线');
    // el-tag puts the attribute on its root or inner span, depending on the version: read the tag's own classes.
    const tag = state.element.closest('.el-tag') ?? state.element.querySelector('.el-tag');
    expect(tag?.className, state.html()).toContain('el-tag--success');
    expect(page.find('[data-testid="sync-page-rejected"]').element.parentElement?.classList).toContain('rejected-count');
    wrapper?.unmount();

    const bar = await mountWith(SyncStatusItem);
    expect(bar.find('[data-testid="status-sync"]').classes()).toContain('is-success');
    expect(bar.find('[data-testid="sync-rejected"]').classes()).toContain('sync-rejected');
  });

  it('opens the refused item\'s case from its number, by keyboard: "请打开办件查看现状" has somewhere to go', async () => {
    const page = await mountWith(SyncView);
    expect(page.find('[data-testid="sync-item-reason"]').text()).toBe('该件已由李强于10:02认领。');
    const open = page.find('[data-testid="sync-item-open"]');
    expect(open.element.tagName).toBe('BUTTON');
    expect(open.text()).toBe('2102112026120300100001X');
    expect(open.attributes('aria-label')).toBe('打开办件 2102112026120300100001X');
    expect(page.find('[data-testid="drawer-probe"]').text()).toBe('');
    // A native button: Enter and Space press it as a click does.
    await open.trigger('click');
    expect(page.find('[data-testid="drawer-probe"]').text()).toBe('case-1');
  });

  it('立即同步 reports as 收到 the events this PC did not hold, not the echoes of its own it pulled back', async () => {
    // Five entries pulled: three events from other PCs, two of this PC's own acknowledged by number.
    const run: SyncRunView = { pushed: 2, rejected: 0, pulledEvents: 5, receivedEvents: 3, status: { ...onlineWithRefusal, rejected: 0 } };
    const page = await mountWith(SyncView, { 'sync/now': () => run, 'sync/items': () => [] });
    await page.find('[data-testid="sync-now"]').trigger('click');
    await flushPromises();
    expect(document.querySelector('.el-message')?.textContent).toBe('同步完成：发送 2 条，收到 3 条。');
  });
});
