import { shallowRef, type Component } from 'vue';
import type { Router } from 'vue-router';

/**
 * What App.vue draws. The login screen is App's own child, not the router's: it is shown before
 * the router has even been fetched (routing.ts comes after the first frame), and it stays the same
 * form, with what the clerk has typed, when the router arrives and agrees that the login screen
 * is where the address leads.
 */
export interface Routing {
  router: Router;
  /** vue-router's RouterView, for every screen but the login screen. */
  view: Component;
}

/** Set by routing.ts once the router has finished its first navigation; null before. */
export const routing = shallowRef<Routing | null>(null);

const waiting: Array<(router: Router) => void> = [];

/** The router, once it is in charge; the login screen waits for it to leave. */
export function routerReady(): Promise<Router> {
  const current = routing.value;
  return current ? Promise.resolve(current.router) : new Promise((resolve) => waiting.push(resolve));
}

export function routerArrived(value: Routing): void {
  routing.value = value;
  for (const resolve of waiting.splice(0)) resolve(value.router);
}

/**
 * The routes open without a login besides the login screen (router.ts marks them public or
 * standalone). Nobody is logged in when the page starts (the session lives in memory only), so
 * any other address leads to the login screen, and main.ts draws it before the router loads.
 */
export const openWithoutLogin: readonly string[] = ['/setup', '/evaluator'];

/** Whether the page at this address (location.hash) starts at the login screen. */
export function startsAtLogin(hash: string): boolean {
  const path = hash.replace(/^#/, '').split('?')[0] || '/';
  return !openWithoutLogin.includes(path);
}
