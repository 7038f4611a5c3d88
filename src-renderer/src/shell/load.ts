import { loadElementPlus } from '../shared/element-plus-loader.ts';
import { afterZodSetup } from '../zod-ready.ts';

/** The shell around every area (the router's `/`), a chunk of its own. */
export const loadShellView = afterZodSetup(() => import('./ShellView.vue'));

/**
 * Fetches what every screen after login needs (Element Plus's app-wide part, the shell) while the
 * login is checked at main, instead of after it. A failure here is not the clerk's concern yet:
 * the navigation after login loads both again, and reports it if it fails once more.
 */
export function preloadAfterLogin(): void {
  Promise.all([loadElementPlus(), loadShellView()]).catch(() => undefined);
}
