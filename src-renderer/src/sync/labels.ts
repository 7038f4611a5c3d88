import type { SyncLinkState, SyncStatusView } from '@domain/api/sync-views.ts';

export const syncStateLabels: Record<SyncLinkState, string> = {
  'not-configured': '未注册（仅本机）',
  connecting: '正在连接',
  online: '在线',
  offline: '离线',
  error: '同步出错',
  revoked: '已被停用',
};

export function syncTone(status: SyncStatusView): 'success' | 'info' | 'warning' | 'danger' {
  if (status.state === 'revoked' || status.state === 'error' || status.rejected > 0) return 'danger';
  if (status.state === 'offline' || status.clockWarning) return 'warning';
  if (status.state === 'online') return 'success';
  return 'info';
}
