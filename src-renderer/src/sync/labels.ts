import type { SyncLinkState, SyncStatusView } from '@domain/api/sync-views.ts';

export const syncStateLabels: Record<SyncLinkState, string> = {
  'not-configured': '未注册（仅本机）',
  connecting: '正在连接',
  online: '在线',
  offline: '离线',
  error: '同步出错',
  revoked: '已被停用',
};

/**
 * The colour of the link's state alone: 在线 stays green when items were refused. A refusal is a
 * fact about some records, not about the link, and is coloured where it is counted (被拒收 N 条);
 * a red 在线 read as "the network is broken" and sent clerks to IT instead of to the 同步 list.
 */
export function syncTone(status: SyncStatusView): 'success' | 'info' | 'warning' | 'danger' {
  if (status.state === 'revoked' || status.state === 'error') return 'danger';
  if (status.state === 'offline' || status.clockWarning) return 'warning';
  if (status.state === 'online') return 'success';
  return 'info';
}
