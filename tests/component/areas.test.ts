import { roles, type Role } from '@domain/auth/roles.ts';
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { areas, areasFor, firstAreaFor, mayEnter, settingsModeFor } from '../../src-renderer/src/areas.ts';
import { createAppRouter, decide, safeRedirect } from '../../src-renderer/src/router.ts';
import { useSessionStore } from '../../src-renderer/src/session/store.ts';
import { user } from './api-stub.ts';

vi.mock('../../src-renderer/src/shared/api/client.ts', () => ({ call: vi.fn(), setSessionToken: vi.fn(), captureLaunchToken: vi.fn() }));

// The requirement, spelled out independently of the table under test.
const expected: Record<Role, string[]> = {
  clerk: ['受理', '办件', '同步'],
  reviewer: ['办件', '审查', '同步'],
  supervisor: ['受理', '办件', '审查', '日志', '设置', '同步'],
  admin: ['设置', '同步'],
};

describe('area → role map', () => {
  it.each(roles)('%s sees exactly its areas, in menu order', (role) => {
    expect(areasFor(role).map((area) => area.label)).toEqual(expected[role]);
  });

  it('every role lands where it works: the reviewer at 审查, the supervisor at the 日志 dashboard', () => {
    expect(firstAreaFor('clerk').key).toBe('intake');
    expect(firstAreaFor('reviewer').key).toBe('review');
    expect(firstAreaFor('supervisor').key).toBe('daily-log');
    expect(firstAreaFor('admin').key).toBe('settings');
  });

  it('area keys and paths are unique', () => {
    expect(new Set(areas.map((a) => a.key)).size).toBe(areas.length);
    expect(new Set(areas.map((a) => a.path)).size).toBe(areas.length);
  });

  it('nobody enters without a role', () => {
    for (const area of areas) expect(mayEnter(null, area.key)).toBe(false);
  });

  it('settings: full for the admin, read-only for the supervisor, none for others', () => {
    expect(settingsModeFor('admin')).toBe('full');
    expect(settingsModeFor('supervisor')).toBe('read-only');
    expect(settingsModeFor('clerk')).toBeNull();
    expect(settingsModeFor('reviewer')).toBeNull();
  });
});

describe('route guard decision', () => {
  const route = (name: string, fullPath: string, meta: Record<string, unknown> = {}) => ({ name, fullPath, meta });

  it('sends the logged-out to login, keeping where they wanted to go', () => {
    expect(decide(route('cases', '/cases', { area: 'cases' }), null)).toEqual({
      allow: false,
      redirect: { name: 'login', query: { redirect: '/cases' } },
    });
    expect(decide(route('login', '/login', { public: true }), null)).toEqual({ allow: true });
  });

  it('sends a logged-in user away from login and root to the first area', () => {
    expect(decide(route('login', '/login', { public: true }), 'reviewer')).toEqual({ allow: false, redirect: { name: 'review' } });
    expect(decide(route('home', '/'), 'admin')).toEqual({ allow: false, redirect: { name: 'settings' } });
  });

  it('redirects a forbidden area with a message naming the role and both areas', () => {
    const decision = decide(route('intake', '/intake', { area: 'intake' }), 'reviewer');
    expect(decision).toEqual({
      allow: false,
      redirect: { name: 'review' },
      message: '后台审批人员无权进入“受理”，已转到“审查”。',
    });
  });

  it.each(roles)('allows %s into each of its own areas', (role) => {
    for (const area of areasFor(role)) expect(decide(route(area.key, area.path, { area: area.key }), role)).toEqual({ allow: true });
  });
});

describe('router', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    document.body.innerHTML = '';
  });

  async function routerFor(role: Role | null) {
    const session = useSessionStore();
    session.user = role ? user(role) : null;
    const router = createAppRouter(createMemoryHistory());
    return { router, session };
  }

  it('guards every navigation: forbidden routes land on the first area with a message', async () => {
    const { router } = await routerFor('clerk');
    await router.push('/settings');
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('intake');
    // The message box comes with the shell's lazily loaded Element Plus, so it shows a moment after the redirect.
    await vi.waitFor(() => expect(document.body.textContent).toContain('综合窗口受理人员无权进入“设置”，已转到“受理”。'), { timeout: 10_000 });
  });

  it('sends the logged-out to login and unknown paths to the root', async () => {
    const { router } = await routerFor(null);
    await router.push('/review');
    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query.redirect).toBe('/review');
    await router.push('/no/such/page');
    expect(router.currentRoute.value.name).toBe('login');
  });

  it('follows a kept redirect only when the new user may go there', async () => {
    const { router } = await routerFor(null);
    expect(safeRedirect(router, '/review', 'reviewer')).toBe('/review');
    expect(safeRedirect(router, '/review', 'clerk')).toEqual({ name: 'intake' });
    expect(safeRedirect(router, 'https://example.com/', 'admin')).toEqual({ name: 'settings' });
    expect(safeRedirect(router, undefined, 'supervisor')).toEqual({ name: 'daily-log' });
  });
});
