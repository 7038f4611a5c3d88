import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { describe, expect, it } from 'vitest';
import StatusBar from '../../src-renderer/src/shell/StatusBar.vue';
import { demoCentre, systemStatus, user } from './api-stub.ts';

function render(props: Partial<InstanceType<typeof StatusBar>['$props']>) {
  return mount(StatusBar, { props: { status: null, error: null, user: null, ...props }, global: { plugins: [[ElementPlus]] } });
}

const text = (wrapper: ReturnType<typeof render>, id: string) => wrapper.find(`[data-testid="${id}"]`).text();

describe('status bar', () => {
  it('shows centre, window, user with role label, unconfigured sync and the demo badge', () => {
    const wrapper = render({ status: systemStatus(), user: user('clerk', '王芳') });
    expect(text(wrapper, 'status-centre')).toBe('中心：大连市甘井子区政务服务中心');
    expect(text(wrapper, 'status-window')).toBe('窗口：01 综合窗口 1');
    expect(text(wrapper, 'status-user')).toBe('用户：王芳（综合窗口受理人员）');
    expect(text(wrapper, 'status-sync')).toBe('同步：未配置（待同步 36 条）');
    expect(text(wrapper, 'status-demo')).toBe('演示数据');
  });

  it('warns in Chinese when the data key is a plain key file, and not when the OS keystore holds it', () => {
    const fallback = render({ status: systemStatus({ keyProtection: 'key-file' }) });
    expect(text(fallback, 'status-key-file')).toBe('⚠ 数据密钥未受系统钥匙串保护');
    expect(fallback.find('[data-testid="status-key-file"]').attributes('title')).toContain('能读取该目录的人即可解密个人信息');
    expect(render({ status: systemStatus() }).find('[data-testid="status-key-file"]').exists()).toBe(false);
  });

  it('has no demo badge for a real centre', () => {
    const wrapper = render({ status: systemStatus({ centre: { ...demoCentre, isDemo: false } }), user: user('admin', '刘洋') });
    expect(wrapper.find('[data-testid="status-demo"]').exists()).toBe(false);
    expect(text(wrapper, 'status-user')).toBe('用户：刘洋（系统管理员）');
  });

  it.each([
    [{ state: 'idle', pending: 0, failed: 0, lastSyncedAt: null }, '同步：已同步'],
    [{ state: 'idle', pending: 3, failed: 0, lastSyncedAt: null }, '同步：待同步 3 条'],
    [{ state: 'syncing', pending: 5, failed: 0, lastSyncedAt: null }, '同步：正在同步（待同步 5 条）'],
    [{ state: 'offline', pending: 7, failed: 0, lastSyncedAt: null }, '同步：离线（待同步 7 条）'],
    [{ state: 'error', pending: 2, failed: 1, lastSyncedAt: null }, '同步：出错（待同步 2 条，失败 1 条）'],
    [{ state: 'not-configured', pending: 0, failed: 2, lastSyncedAt: null }, '同步：未配置（待同步 0 条，失败 2 条）'],
  ] as const)('sync %o reads %s', (sync, expected) => {
    const wrapper = render({ status: systemStatus({ sync: { ...sync } }) });
    expect(text(wrapper, 'status-sync')).toBe(expected);
  });

  it('marks failures in red and a missing sync configuration as a warning', () => {
    const failing = render({ status: systemStatus({ sync: { state: 'error', pending: 0, failed: 1, lastSyncedAt: null } }) });
    expect(failing.find('[data-testid="status-sync"]').classes()).toContain('is-danger');
    const unconfigured = render({ status: systemStatus() });
    expect(unconfigured.find('[data-testid="status-sync"]').classes()).toContain('is-warning');
  });

  it('names a window that is not bound', () => {
    const wrapper = render({ status: systemStatus({ window: null }) });
    expect(text(wrapper, 'status-window')).toBe('窗口：本机未绑定窗口');
  });

  it('shows a failed status read inline instead of hiding it', () => {
    const wrapper = render({ status: null, error: '无法连接本机服务', user: user('reviewer', '李强') });
    expect(text(wrapper, 'status-error')).toBe('运行状态读取失败：无法连接本机服务');
    expect(text(wrapper, 'status-user')).toBe('用户：李强（后台审批人员）');
  });
});
