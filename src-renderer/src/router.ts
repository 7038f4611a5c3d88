import type { Role } from '@domain/auth/roles.ts';
import { ElMessage } from 'element-plus';
import { createRouter, createWebHashHistory, type RouteLocationNormalized, type RouteLocationRaw, type Router, type RouterHistory } from 'vue-router';
import { areaByKey, areas, firstAreaFor, forbiddenMessage, isAreaKey, mayEnter, type AreaKey } from './areas.ts';
import PrintView from './print/PrintView.vue';
import { useSessionStore } from './session/store.ts';
import CasesView from './cases/CasesView.vue';
import DailyLogView from './supervision/DailyLogView.vue';
import EvaluatorView from './review/EvaluatorView.vue';
import IntakeView from './intake/IntakeView.vue';
import LoginView from './session/LoginView.vue';
import ReviewView from './review/ReviewView.vue';
import SettingsView from './admin/SettingsView.vue';
import ShellView from './shell/ShellView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** Routes that need no login (only the login screen). */
    public?: boolean;
    /** Shown in a window of its own (the 好差评 evaluator): no session, no redirects. */
    standalone?: boolean;
    area?: AreaKey;
  }
}

const areaViews = {
  intake: IntakeView,
  cases: CasesView,
  review: ReviewView,
  'daily-log': DailyLogView,
  settings: SettingsView,
} satisfies Record<AreaKey, unknown>;

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

/** A redirect kept from before login is followed only if the new user may go there. */
export function safeRedirect(router: Router, redirect: unknown, role: Role): RouteLocationRaw {
  const fallback = { name: firstAreaFor(role).key };
  if (typeof redirect !== 'string' || !redirect.startsWith('/')) return fallback;
  const target = router.resolve(redirect);
  const area = target.meta.area;
  return isAreaKey(area) && mayEnter(role, area) ? target.fullPath : fallback;
}

export function createAppRouter(history: RouterHistory = createWebHashHistory()): Router {
  const router = createRouter({
    history,
    routes: [
      { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
      {
        path: '/',
        component: ShellView,
        children: [
          // Never rendered: the guard sends the role to its first area.
          { path: '', name: 'home', component: CasesView },
          ...areas.map((area) => ({
            path: area.path.slice(1),
            name: area.key,
            component: areaViews[area.key],
            meta: { area: area.key },
          })),
        ],
      },
      { path: '/evaluator', name: 'evaluator', component: EvaluatorView, meta: { standalone: true } },
      { path: '/print/:caseId/:document', name: 'print', component: PrintView, props: true, meta: { area: 'cases' } },
      { path: '/:unknown(.*)*', redirect: '/' },
    ],
  });
  router.beforeEach((to) => {
    const decision = decide(to, useSessionStore().role);
    if (decision.allow) return true;
    // Long enough to read at a busy counter; the default 3 s is gone before the eye gets there.
    if (decision.message) ElMessage({ type: 'warning', message: decision.message, grouping: true, duration: 6000 });
    return decision.redirect;
  });
  return router;
}
