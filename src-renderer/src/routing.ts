/**
 * The router and what hangs on it, installed once the login screen has been shown (main.ts loads
 * this chunk after the first frame): vue-router, the routes and their guards are not part of the
 * login screen's script.
 */
import type { App } from 'vue';
import { RouterView } from 'vue-router';
import { createAppRouter } from './router.ts';
import { routerArrived } from './root-view.ts';
import { useSessionStore } from './session/store.ts';
import { onSessionExpired, onSessionLocked } from './shared/api/request.ts';
import { loadElementPlus } from './shared/element-plus-loader.ts';

export async function installRouting(app: App, report: (error: unknown) => void): Promise<void> {
  const router = createAppRouter();
  // Every screen but the login screen is drawn with Element Plus: its Chinese texts and message
  // boxes are installed before the first of them is shown.
  router.beforeEach(async (to) => {
    if (to.name !== 'login') (await loadElementPlus()).installElementPlus(app);
    return true;
  });

  const session = useSessionStore();
  onSessionExpired((error) => {
    // Before login there is no session to lose: the login screen shows the error itself.
    if (session.user === null) return false;
    session.expire(error.message);
    void loadElementPlus().then(({ ElMessage }) => ElMessage({ type: 'warning', message: '登录已过期，请重新登录。', grouping: true }), report);
    const here = router.currentRoute.value;
    void router.replace({ name: 'login', query: here.meta.area ? { redirect: here.fullPath } : {} });
    return true;
  });
  // Main locked an idle session: cover the screen, keep everything under it for after the unlock.
  onSessionLocked(() => session.markLocked());

  // The app is already mounted: the router's injections reach every component created from now
  // on, which is every component that asks for them (the login screen waits for routerReady).
  app.use(router);
  await router.isReady();
  routerArrived({ router, view: RouterView });
}
