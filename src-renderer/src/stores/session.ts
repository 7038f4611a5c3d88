import type { UserView } from '@domain/api/views.ts';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { setSessionToken } from '../api/client.ts';
import { request } from '../api/request.ts';
import { useCasesStore } from './cases.ts';
import { useSystemStore } from './system.ts';

/**
 * Who is logged in. The token lives only in memory (client.ts): a reload or a shared counter PC
 * left alone means logging in again, which is what the centre wants.
 */
export const useSessionStore = defineStore('session', () => {
  const user = ref<UserView | null>(null);
  const expiresAt = ref<string | null>(null);
  const mustChangePassword = ref(false);
  /** Why the login screen was shown again (an expired session); shown there once. */
  const notice = ref<string | null>(null);

  const role = computed(() => user.value?.role ?? null);

  async function login(username: string, password: string): Promise<UserView> {
    const session = await request('session/login', { username, password });
    setSessionToken(session.token);
    user.value = session.user;
    expiresAt.value = session.expiresAt;
    mustChangePassword.value = session.mustChangePassword;
    notice.value = null;
    return session.user;
  }

  /** Forgets the session here; whatever happens at main, this window is logged out. */
  function clear(): void {
    setSessionToken(null);
    user.value = null;
    expiresAt.value = null;
    mustChangePassword.value = false;
    // The next person at this window must not see the previous one's filters or status.
    useCasesStore().reset();
    useSystemStore().clearStatus();
  }

  async function logout(): Promise<void> {
    try {
      await request('session/logout', {});
    } finally {
      clear();
    }
  }

  function expire(message: string): void {
    clear();
    notice.value = message;
  }

  return { user, role, expiresAt, mustChangePassword, notice, login, logout, clear, expire };
});
