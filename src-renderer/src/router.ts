import type { Role } from '@domain/auth/roles.ts';
import { createRouter, createWebHashHistory, type RouteLocationNormalized, type RouteLocationRaw, type Router, type RouterHistory } from 'vue-router';
import { areaByKey, areas, firstAreaFor, forbiddenMessage, mayEnter, type AreaKey } from './areas.ts';
import { useSessionStore } from './session/store.ts';
import LoginView from './session/LoginView.vue';
import { loadElementPlus } from './shared/element-plus-loader.ts';
import { loadShellView } from './shell/load.ts';
import { afterZodSetup } from './zod-ready.ts';

declare module 'vue-router' {
  interface RouteMeta {
    /** Routes that need no login (only the login screen). */
    public?: boolean;
    /** Shown in a window of its own (the 好差评 evaluator): no session, no redirects. */
    standalone?: boolean;
    area?: AreaKey;
  }
}

/**
 * Each area is its own chunk, loaded when first entered: the login screen is the only view in the
 * entry, so a clerk's morning start parses no more than it shows, and a clerk never loads the
 * supervisor's charts (ECharts lives in the 日志 chunk only; `npm run bench bundle.` checks it).
 * Every view but the login screen builds zod schemas somewhere: loaded after zod is configured.
 */
const areaViews = {
  intake: afterZodSetup(() => import('./intake/IntakeView.vue')),
  cases: afterZodSetup(() => import('./cases/CasesView.vue')),
  review: afterZodSetup(() => import('./review/ReviewView.vue')),
  'daily-log': afterZodSetup(() => import('./supervision/DailyLogView.vue')),
  settings: afterZodSetup(() => import('./admin/SettingsView.vue')),
  sync: afterZodSetup(() => import('./sync/SyncView.vue')),
} satisfies Record<AreaKey, () => Promise<unknown>>;

export type GuardDecision = { allow: true } | { allow: false; redirect: RouteLocationRaw; message?: string };

/**
 * Where a navigation may go for the logged-in role (null: nobody). Pure, so it is tested
 * without a browser; the router applies it before every navigation.
 */
export function decide(to: Pick<RouteLocationNormalized, 'name' | 'fullPath' | 'meta'>, role: Role | null): GuardDecision {
  if (to.meta.standalone) return { allow: true };
  if (role === null) {
    if (to.meta.public) return { allow: true };
    const wantsSomewhere = to.fullPath !== '/' && to.fullPath !== '';
    return { allow: false, redirect: { name: 'login', query: wantsSomewhere ? { redirect: to.fullPath } : {} } };
  }
  const landing = firstAreaFor(role);
  // Logged in: the login screen and the bare root lead to the role's first area.
  if (to.meta.public || to.name === 'home') return { allow: false, redirect: { name: landing.key } };
  const area = to.meta.area;
  if (area && !mayEnter(role, area)) {
    return { allow: false, redirect: { name: landing.key }, message: forbiddenMessage(role, areaByKey(area), landing) };
  }
  return { allow: true };
}

export { safeRedirect } from './areas.ts';

export function createAppRouter(history: RouterHistory = createWebHashHistory()): Router {
  const router = createRouter({
    history,
    routes: [
      { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
      // Only while no account exists (main refuses it after): the first run's wizard.
      { path: '/setup', name: 'setup', component: afterZodSetup(() => import('./admin/FirstRunView.vue')), meta: { public: true } },
      {
        path: '/',
        component: loadShellView,
        children: [
          // Never rendered: the guard sends the role to its first area.
          { path: '', name: 'home', component: areaViews.cases },
          ...areas.map((area) => ({
            path: area.path.slice(1),
            name: area.key,
            component: areaViews[area.key],
            meta: { area: area.key },
          })),
        ],
      },
      { path: '/evaluator', name: 'evaluator', component: afterZodSetup(() => import('./review/EvaluatorView.vue')), meta: { standalone: true } },
      { path: '/print/:caseId/:document', name: 'print', component: afterZodSetup(() => import('./print/PrintView.vue')), props: true, meta: { area: 'cases' } },
      { path: '/:unknown(.*)*', redirect: '/' },
    ],
  });
  router.beforeEach((to) => {
    const decision = decide(to, useSessionStore().role);
    if (decision.allow) return true;
    // Long enough to read at a busy counter; the default 3 s is gone before the eye gets there.
    if (decision.message) {
      const message = decision.message;
      void loadElementPlus().then(({ ElMessage }) => ElMessage({ type: 'warning', message, grouping: true, duration: 6000 }));
    }
    return decision.redirect;
  });
  return router;
}
