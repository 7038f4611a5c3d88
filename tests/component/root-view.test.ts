/**
 * The login screen is drawn before the router is fetched (root-view.ts decides from the address
 * alone), so that decision must agree with the routes the router opens without a login.
 */
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { openWithoutLogin, startsAtLogin } from '../../src-renderer/src/root-view.ts';
import { createAppRouter } from '../../src-renderer/src/router.ts';

vi.mock('../../src-renderer/src/shared/api/client.ts', () => ({ call: vi.fn(), setSessionToken: vi.fn(), captureLaunchToken: vi.fn() }));

describe('the addresses drawn before the router arrives', () => {
  it('are the routes open without a login, besides the login screen itself', () => {
    setActivePinia(createPinia());
    const router = createAppRouter(createMemoryHistory());
    const open = router
      .getRoutes()
      .filter((route) => (route.meta.public || route.meta.standalone) && route.name !== 'login')
      .map((route) => route.path);
    expect([...open].sort()).toEqual(['/evaluator', '/setup']);
    expect([...openWithoutLogin].sort()).toEqual(['/evaluator', '/setup']);
  });

  it.each([
    ['', true],
    ['#/', true],
    ['#/cases', true],
    ['#/login?redirect=/cases', true],
    ['#/setup', false],
    ['#/evaluator?case=1', false],
  ])('address %j starts at the login screen: %s', (hash, expected) => {
    expect(startsAtLogin(hash)).toBe(expected);
  });
});
