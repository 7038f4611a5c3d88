import { onBeforeUnmount, onMounted } from 'vue';
import { reportError } from '../shared/api/report-error.ts';
import { request } from '../shared/api/request.ts';
import { useSessionStore } from './store.ts';

const activityEvents = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
// How often the window looks at the clock: a lock at most this late is fine at a counter.
const checkEveryMs = 5_000;
// Typing into a form calls nothing at main; tell main now and then that the user is still here,
// or it would lock the session under a clerk who is busy filling in a long form.
const keepAliveEveryMs = 60_000;

/**
 * Locks the screen after the configured idle minutes without a key press or a click. Main locks
 * the session on its own clock too; this makes the screen follow without waiting for a call.
 */
export function useIdleLock(): void {
  const session = useSessionStore();
  let lastActivity = Date.now();
  let lastKeepAlive = Date.now();
  let timer: ReturnType<typeof setInterval> | undefined;

  function onActivity(): void {
    if (session.locked) return;
    lastActivity = Date.now();
    if (lastActivity - lastKeepAlive < keepAliveEveryMs) return;
    lastKeepAlive = lastActivity;
    request('session/me', {}).catch(reportError);
  }

  function check(): void {
    if (session.locked || !session.user) return;
    if (Date.now() - lastActivity < session.idleMinutes * 60_000) return;
    session.lock().catch(reportError);
  }

  onMounted(() => {
    for (const name of activityEvents) window.addEventListener(name, onActivity, { capture: true, passive: true });
    timer = setInterval(check, checkEveryMs);
  });
  onBeforeUnmount(() => {
    for (const name of activityEvents) window.removeEventListener(name, onActivity, { capture: true });
    clearInterval(timer);
  });
}
