import type { SystemInfoView, SystemStatusView } from '@domain/api/views.ts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { messageOf } from '../shared/api/errors.ts';
import { request } from '../shared/api/request.ts';

/** The centre and window (login screen) and the running status (status bar, settings). */
export const useSystemStore = defineStore('system', () => {
  const info = ref<SystemInfoView | null>(null);
  const infoError = ref<string | null>(null);
  const status = ref<SystemStatusView | null>(null);
  const statusError = ref<string | null>(null);

  async function loadInfo(): Promise<void> {
    try {
      info.value = await request('system/info', {});
      infoError.value = null;
    } catch (error) {
      infoError.value = messageOf(error);
    }
  }

  // Errors are kept for inline display: the status is polled, and a message box every half
  // minute would bury the clerk.
  async function loadStatus(): Promise<void> {
    try {
      status.value = await request('system/status', {});
      info.value = status.value;
      statusError.value = null;
    } catch (error) {
      statusError.value = messageOf(error);
    }
  }

  function clearStatus(): void {
    status.value = null;
    statusError.value = null;
  }

  return { info, infoError, status, statusError, loadInfo, loadStatus, clearStatus };
});
