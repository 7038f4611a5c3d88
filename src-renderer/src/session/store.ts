import type { UserView } from '@domain/api/views.ts';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { setSessionToken } from '../shared/api/client.ts';
import { request } from '../shared/api/request.ts';
import { useSystemStore } from '../shell/system-store.ts';
import { forgetLoggedOut, forgetSignedOut } from './forget.ts';

/** Main's default when a login answer is older than the idle setting (it always sends one now). */
const defaultIdleMinutes = 10;

/**
 * Who is logged in. The token lives only in memory (client.ts): a reload or a shared counter PC
 * left alone means logging in again, which is what the centre wants.
 */
/** What the login screen says about why it is shown again. */
export interface SignOutNotice {
  title: string;
  detail: string | null;
}

const expiredTitle = '登录已过期，请重新登录。';

export const useSessionStore = defineStore('session', () => {
  const user = ref<UserView | null>(null);
  const expiresAt = ref<string | null>(null);
  const mustChangePassword = ref(false);
  /** The screen is covered until the password is entered again; what is underneath stays. */
  const locked = ref(false);
  const idleMinutes = ref(defaultIdleMinutes);
  /** Why the login screen was shown again (an expired session, a restore); shown there once. */
  const notice = ref<SignOutNotice | null>(null);

  const role = computed(() => user.value?.role ?? null);

  async function login(username: string, password: string): Promise<UserView> {
    const session = await request('session/login', { username, password });
    setSessionToken(session.token);
    user.value = session.user;
    expiresAt.value = session.expiresAt;
    mustChangePassword.value = session.mustChangePassword;
    idleMinutes.value = session.idleMinutes;
    locked.value = false;
    notice.value = null;
    return session.user;
  }

  /** Forgets the session here; whatever happens at main, this window is logged out. */
  function clear(): void {
    setSessionToken(null);
    user.value = null;
    expiresAt.value = null;
    mustChangePassword.value = false;
    locked.value = false;
    // The next person at this window must not see the previous one's filters or status.
    forgetSignedOut();
    useSystemStore().clearStatus();
  }

  /**
   * Logging out and switching user are the same at a shared PC: the session ends at main and
   * the unsaved intake form goes with it, so the next person never sees it. (An expired session
   * keeps the form: the same clerk logs in again and goes on, see the intake store's resetUnlessOwnedBy.)
   */
  async function logout(): Promise<void> {
    try {
      await request('session/logout', {});
    } finally {
      forgetLoggedOut();
      clear();
    }
  }

  /** Main ended the session (expired, or unknown after a restart): main's own wording beneath. */
  function expire(message: string): void {
    signOut({ title: expiredTitle, detail: message === expiredTitle ? null : message });
  }

  /** Logs this window out and tells the login screen why, e.g. the store was restored from a backup. */
  function signOut(why: SignOutNotice): void {
    clear();
    notice.value = why;
  }

  /** Marks the screen locked (main said so, or the window went idle). */
  function markLocked(): void {
    if (user.value) locked.value = true;
  }

  /** Covers the screen and locks the session at main, so no other window can use it meanwhile. */
  async function lock(): Promise<void> {
    markLocked();
    await request('session/lock', {});
  }

  async function unlock(password: string): Promise<void> {
    await request('session/unlock', { password });
    locked.value = false;
  }

  async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await request('session/changePassword', { currentPassword, newPassword });
    mustChangePassword.value = false;
  }

  return {
    user,
    role,
    expiresAt,
    mustChangePassword,
    locked,
    idleMinutes,
    notice,
    login,
    logout,
    clear,
    expire,
    signOut,
    markLocked,
    lock,
    unlock,
    changePassword,
  };
});
