import type { SystemStatusView } from '@domain/api/views.ts';
import { caseStatuses, caseStatusLabels, channelLabels, channels, type CaseStatus, type Channel } from '@domain/cases/status.ts';
import { chinaDate, chinaDateTime } from '@domain/time/china-time.ts';

export function statusLabel(status: string): string {
  return (caseStatuses as readonly string[]).includes(status) ? caseStatusLabels[status as CaseStatus] : status;
}

export function channelLabel(channel: string): string {
  return (channels as readonly string[]).includes(channel) ? channelLabels[channel as Channel] : channel;
}

/** Tag colours by how a case stands: open work, waiting on the applicant, finished, stopped. */
export function statusTagType(status: string): 'primary' | 'success' | 'warning' | 'info' | 'danger' {
  switch (status) {
    case 'notice':
    case 'supplement':
    case 'special':
      return 'warning';
    case 'refused':
    case 'voided':
      return 'danger';
    case 'decided':
    case 'delivered':
    case 'closed':
      return 'success';
    case 'draft':
    case 'withdrawn':
      return 'info';
    default:
      return 'primary';
  }
}

export function syncLabel(sync: SystemStatusView['sync']): string {
  const failed = sync.failed > 0 ? `，失败 ${sync.failed} 条` : '';
  switch (sync.state) {
    case 'not-configured':
      return `同步：未配置（待同步 ${sync.pending} 条${failed}）`;
    case 'idle':
      if (sync.pending === 0 && sync.failed === 0) {
        return sync.lastSyncedAt ? `同步：已同步（${formatDateTime(sync.lastSyncedAt)}）` : '同步：已同步';
      }
      return `同步：待同步 ${sync.pending} 条${failed}`;
    case 'syncing':
      return `同步：正在同步（待同步 ${sync.pending} 条${failed}）`;
    case 'offline':
      return `同步：离线（待同步 ${sync.pending} 条${failed}）`;
    case 'error':
      return `同步：出错（待同步 ${sync.pending} 条${failed}）`;
  }
}

export function syncTone(sync: SystemStatusView['sync']): 'normal' | 'warning' | 'danger' {
  if (sync.state === 'error' || sync.failed > 0) return 'danger';
  if (sync.state === 'offline' || sync.state === 'not-configured') return 'warning';
  return 'normal';
}

/** The centre's time (China) as the window reads it: 2026-11-26 09:40:00, whatever the PC's time zone. */
export function formatDateTime(iso: string): string {
  return chinaDateTime(iso);
}

/**
 * A date for a column: a plain date (due dates) stays as it is; a timestamp (acceptedAt) is
 * shown as its date in China.
 */
export function formatDate(value: string | null): string {
  if (value === null || value === '') return '—';
  return chinaDate(value);
}

const materialFormLabels: Record<string, string> = { original: '原件', copy: '复印件', electronic: '电子件' };
const materialStatusLabels: Record<string, string> = { received: '已收', missing: '缺', deferred: '容缺后补' };

export function materialFormLabel(form: string): string {
  return materialFormLabels[form] ?? form;
}

export function materialStatusLabel(status: string): string {
  return materialStatusLabels[status] ?? status;
}

/** A missing value is shown as a dash, never as an empty cell that looks like a bug. */
export function orDash(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : value;
}
