import { roleLabels, type Role } from '@domain/auth/roles.ts';
import type { RouteLocationRaw, Router } from 'vue-router';

export type AreaKey = 'intake' | 'cases' | 'review' | 'daily-log' | 'settings' | 'sync';

export interface Area {
  key: AreaKey;
  path: string;
  /** The menu entry. */
  label: string;
  /** The area's page heading. */
  title: string;
  roles: readonly Role[];
}

/**
 * The one place that says which role sees which area. It only hides what a role cannot use:
 * main checks every call against the API table, whatever the renderer shows.
 */
export const areas: readonly Area[] = [
  { key: 'intake', path: '/intake', label: '受理', title: '一窗受理', roles: ['clerk', 'supervisor'] },
  { key: 'cases', path: '/cases', label: '办件', title: '办件查询', roles: ['clerk', 'reviewer', 'supervisor'] },
  { key: 'review', path: '/review', label: '审查', title: '审查', roles: ['reviewer', 'supervisor'] },
  { key: 'daily-log', path: '/daily-log', label: '日志', title: '工作日志', roles: ['supervisor'] },
  // The supervisor sees the system status read-only; only the admin changes anything.
  { key: 'settings', path: '/settings', label: '设置', title: '系统设置', roles: ['admin', 'supervisor'] },
  // Everyone at a PC sees what waits to be sent and what the central platform refused (their own claims included).
  { key: 'sync', path: '/sync', label: '同步', title: '同步', roles: ['clerk', 'reviewer', 'supervisor', 'admin'] },
];

export function isAreaKey(value: unknown): value is AreaKey {
  return areas.some((area) => area.key === value);
}

export function areaByKey(key: AreaKey): Area {
  const area = areas.find((a) => a.key === key);
  if (!area) throw new Error(`unknown area ${key}`);
  return area;
}

export function areasFor(role: Role): Area[] {
  return areas.filter((area) => area.roles.includes(role));
}

export function mayEnter(role: Role | null, key: AreaKey): boolean {
  return role !== null && areaByKey(key).roles.includes(role);
}

/**
 * Where each role works, and so lands after login: the clerk at the counter, the reviewer at
 * the back-office queues, the supervisor at the daily log, the admin at the settings.
 */
export const landingAreas: Readonly<Record<Role, AreaKey>> = {
  clerk: 'intake',
  reviewer: 'review',
  supervisor: 'daily-log',
  admin: 'settings',
};

/** Where a role lands after login, and where a forbidden route sends it. */
export function firstAreaFor(role: Role): Area {
  const landing = areaByKey(landingAreas[role]);
  // A landing the role may not enter is a mistake in one of the two tables above.
  if (!landing.roles.includes(role)) throw new Error(`role ${role} may not enter its landing area ${landing.key}`);
  return landing;
}

export type SettingsMode = 'full' | 'read-only';

export function settingsModeFor(role: Role): SettingsMode | null {
  if (role === 'admin') return 'full';
  if (role === 'supervisor') return 'read-only';
  return null;
}

export function forbiddenMessage(role: Role, denied: Area, landing: Area): string {
  return `${roleLabels[role]}无权进入“${denied.label}”，已转到“${landing.label}”。`;
}

/**
 * A redirect kept from before login is followed only if the new user may go there. It lives
 * here, not in router.ts, so the login screen need not import the router that imports it.
 */
export function safeRedirect(router: Router, redirect: unknown, role: Role): RouteLocationRaw {
  const fallback = { name: firstAreaFor(role).key };
  if (typeof redirect !== 'string' || !redirect.startsWith('/')) return fallback;
  const target = router.resolve(redirect);
  const area = target.meta.area;
  return isAreaKey(area) && mayEnter(role, area) ? target.fullPath : fallback;
}
