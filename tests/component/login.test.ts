import { AppError } from '@domain/errors.ts';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, RouterView, type Router } from 'vue-router';
import { call, setSessionToken } from '../../src-renderer/src/shared/api/client.ts';
import App from '../../src-renderer/src/App.vue';
import { routerArrived } from '../../src-renderer/src/root-view.ts';
import { createAppRouter } from '../../src-renderer/src/router.ts';
import { afterPaint } from '../../src-renderer/src/shared/after-paint.ts';
import { calledWith, demoCentre, demoWindow, stubApi, systemStatus, user } from './api-stub.ts';

vi.mock('../../src-renderer/src/shared/api/client.ts', () => ({ call: vi.fn(), setSessionToken: vi.fn(), captureLaunchToken: vi.fn() }));

// Whatever main lists: the screen keeps no copy of the demo accounts.
const demo = {
  accounts: [
    { username: 'clerk', displayName: '王芳', role: 'clerk' },
    { username: 'trainee', displayName: '见习', role: 'clerk' },
    { username: 'admin', displayName: '刘洋', role: 'admin' },
  ],
  password: 'Demo@2026',
};
const info = { appName: '一窗通', appVersion: '0.1.0', centre: demoCentre, window: demoWindow, demo };

async function mountLogin(): Promise<{ wrapper: VueWrapper; router: Router }> {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(createMemoryHistory());
  await router.push('/login');
  await router.isReady();
  const wrapper = mount(App, { global: { plugins: [pinia, router, [ElementPlus]] }, attachTo: document.body });
  // As routing.ts does once the form's first frame is painted; the screen's first calls follow that frame.
  routerArrived({ router, view: RouterView });
  await new Promise<void>((resolve) => afterPaint(resolve));
  await flushPromises();
  return { wrapper, router };
}

async function fillAndSubmit(wrapper: VueWrapper, username: string, password: string): Promise<void> {
  await wrapper.find('input[name="username"]').setValue(username);
  await wrapper.find('input[name="password"]').setValue(password);
  await wrapper.find('form').trigger('submit');
  // Validation is asynchronous: wait until the form has answered (a call, or a message).
  await vi.waitFor(() => expect(vi.mocked(call).mock.calls.some(([name]) => name === 'session/login')).toBe(true));
  await flushPromises();
}

/** The message a field names as its description (aria-describedby), as a screen reader announces it. */
function fieldError(wrapper: VueWrapper, label: string): string | undefined {
  const input = wrapper.findAll('label').find((l) => l.text() === label)?.attributes('for');
  const described = input === undefined ? undefined : wrapper.find(`#${input}`).attributes('aria-describedby');
  return described === undefined ? undefined : wrapper.find(`#${described}`).text();
}

describe('login screen', () => {
  beforeEach(() => {
    vi.mocked(call).mockReset();
    vi.mocked(setSessionToken).mockReset();
    document.body.innerHTML = '';
  });

  it('sends a PC nobody has set up yet (no account at all) to the first-run wizard', async () => {
    stubApi({
      'system/info': () => ({ ...info, centre: null, window: null, demo: null }),
      'site/firstRun': () => ({ needed: true, hasCentre: false, siteFile: null, centre: null, windows: [] }),
    });
    const { wrapper, router } = await mountLogin();
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('setup'));
    await flushPromises();
    await vi.waitFor(() => expect(wrapper.find('[data-testid="first-run"]').exists()).toBe(true));
    expect(wrapper.text()).toContain('本机没有站点文件');
    wrapper.unmount();
  });

  it('shows the centre from system/info, the 演示 tag and the demo accounts', async () => {
    stubApi({ 'system/info': () => info });
    const { wrapper } = await mountLogin();
    expect(wrapper.find('[data-testid="centre-name"]').text()).toBe('大连市甘井子区政务服务中心');
    expect(wrapper.find('.login-centre').text()).toContain('演示');
    const hint = wrapper.find('[data-testid="demo-hint"]').text();
    for (const name of ['clerk', 'trainee', 'admin', 'Demo@2026', '系统管理员']) expect(hint).toContain(name);
    expect(hint).not.toContain('supervisor');
    wrapper.unmount();
  });

  it('folds the other departments’ demo reviewers into one line', async () => {
    const reviewers = ['reviewer', 'reviewer-gjz-ga', 'reviewer-gjz-rs', 'reviewer-gjz-sw'].map((username) => ({ username, displayName: username, role: 'reviewer' }));
    stubApi({ 'system/info': () => ({ ...info, demo: { ...info.demo, accounts: [...info.demo.accounts, ...reviewers] } }) });
    const { wrapper } = await mountLogin();
    const rows = wrapper.findAll('[data-testid="demo-hint"] dt').map((dt) => dt.text());
    expect(rows.filter((r) => r.startsWith('reviewer'))).toEqual(['reviewer', 'reviewer-…']);
    expect(wrapper.find('[data-testid="demo-hint"]').text()).toContain('其他部门审批（共 3 个，如 reviewer-gjz-ga）');
    wrapper.unmount();
  });

  it('hides the demo tag and accounts for a real centre', async () => {
    stubApi({ 'system/info': () => ({ ...info, centre: { ...demoCentre, name: '某区政务服务中心', isDemo: false }, demo: null }) });
    const { wrapper } = await mountLogin();
    expect(wrapper.find('[data-testid="centre-name"]').text()).toBe('某区政务服务中心');
    expect(wrapper.find('.login-demo-tag').exists()).toBe(false);
    expect(wrapper.find('[data-testid="demo-hint"]').exists()).toBe(false);
    expect(wrapper.text()).not.toContain('Demo@2026');
    wrapper.unmount();
  });

  it('focuses the username field', async () => {
    stubApi({ 'system/info': () => info });
    const { wrapper } = await mountLogin();
    expect(document.activeElement).toBe(wrapper.find('input[name="username"]').element);
    wrapper.unmount();
  });

  it('validates empty fields with the API table messages and does not call login', async () => {
    stubApi({ 'system/info': () => info });
    const { wrapper } = await mountLogin();
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    // The checks (session/login's schema) are loaded after the form is shown.
    await vi.waitFor(() => expect(fieldError(wrapper, '用户名')).toBe('请输入用户名'));
    expect(fieldError(wrapper, '密码')).toBe('请输入密码');
    expect(calledWith('session/login')).toEqual([]);
    wrapper.unmount();
  });

  it('logs in with the typed input, keeps the token and opens the first area of the role', async () => {
    stubApi({
      'system/info': () => info,
      'session/login': () => ({ token: 'tok-1', user: user('clerk'), mustChangePassword: false, expiresAt: '2026-11-27T00:00:00.000Z', idleMinutes: 10 }),
      'system/status': () => systemStatus(),
    });
    const { wrapper, router } = await mountLogin();
    await fillAndSubmit(wrapper, ' clerk ', 'Demo@2026');
    expect(calledWith('session/login')).toEqual([{ username: 'clerk', password: 'Demo@2026' }]);
    expect(setSessionToken).toHaveBeenCalledWith('tok-1');
    // The area's chunk is loaded on the way there (here transformed on first use: seconds).
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('intake'), { timeout: 15_000 });
    await vi.waitFor(() => expect(wrapper.find('h1').text()).toBe('一窗受理'));
    wrapper.unmount();
  });

  it('shows a refused login at the field main names', async () => {
    stubApi({
      'system/info': () => info,
      'session/login': () => {
        throw new AppError('UNAUTHENTICATED', '用户名或密码错误，请重新输入。', { field: 'password' });
      },
    });
    const { wrapper, router } = await mountLogin();
    await fillAndSubmit(wrapper, 'clerk', 'wrong');
    await vi.waitFor(() => expect(fieldError(wrapper, '密码')).toBe('用户名或密码错误，请重新输入。'));
    expect(fieldError(wrapper, '用户名')).toBeUndefined();
    expect(router.currentRoute.value.name).toBe('login');
    expect(setSessionToken).not.toHaveBeenCalled();
    wrapper.unmount();
  });

  it('shows an error without a field as an alert', async () => {
    stubApi({
      'system/info': () => info,
      'session/login': () => {
        throw new AppError('STORE_NOT_WRITABLE', '数据目录不可写，请联系管理员。');
      },
    });
    const { wrapper } = await mountLogin();
    await fillAndSubmit(wrapper, 'clerk', 'Demo@2026');
    expect(wrapper.find('[data-testid="login-error"]').text()).toContain('数据目录不可写，请联系管理员。');
    wrapper.unmount();
  });

  it('shows a failing system/info instead of hiding it', async () => {
    stubApi({
      'system/info': () => {
        throw new AppError('STORE_CORRUPT', '数据库已损坏。');
      },
    });
    const { wrapper } = await mountLogin();
    expect(wrapper.text()).toContain('无法读取中心信息');
    expect(wrapper.text()).toContain('数据库已损坏。');
    wrapper.unmount();
  });
});
