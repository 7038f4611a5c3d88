/**
 * What the screens show of sync: the status bar's line, the 同步 page's list of every unsent or
 * rejected item with its reason and what to do, and the admin's view of the link.
 */
import type { SyncItemView, SyncStatusView } from '../../domain/api/sync-views.ts';
import { eventLabel, type CaseEvent } from '../../domain/lifecycle/index.ts';
import type { ReadTx } from '../../store/store.ts';
import type { LinkHealth } from './engine.ts';
import { readLink } from './link.ts';

/** A clock further off than this from the gateway's is shown to the clerk (it is never used for order). */
export const clockWarningMs = 24 * 3600_000;

export function syncStatus(tx: ReadTx, health: LinkHealth, retryAt: number): SyncStatusView {
  const counts = tx.get<{ pending: number; failed: number }>(
    `SELECT count(*) FILTER (WHERE o.state = 'pending' AND (c.is_demo IS NULL OR c.is_demo = 0)) AS pending,
            count(*) FILTER (WHERE o.state = 'failed') AS failed
       FROM outbox o LEFT JOIN case_event e ON e.id = o.message_id LEFT JOIN case_record c ON c.id = e.case_id`,
  ) ?? { pending: 0, failed: 0 };
  const link = readLink(tx);
  if (!link) {
    return { state: 'not-configured', pending: counts.pending, rejected: counts.failed, lastSyncedAt: null, lastError: null, retryAt: null, clockSkewMs: null, clockWarning: null, link: null };
  }
  const skew = link.clock_skew_ms;
  const state = link.revoked === 1 ? 'revoked' : health === 'unknown' ? (link.last_error ? 'offline' : 'connecting') : health;
  return {
    state,
    pending: counts.pending,
    rejected: counts.failed,
    lastSyncedAt: link.last_success_at,
    lastError: link.last_error ? { code: link.last_error_code ?? 'INTERNAL', message: link.last_error, at: link.last_attempt_at } : null,
    retryAt: retryAt > Date.now() ? new Date(retryAt).toISOString() : null,
    clockSkewMs: skew,
    clockWarning: skew !== null && Math.abs(skew) > clockWarningMs ? clockMessage(skew) : null,
    link: { gatewayUrl: link.gateway_url, deviceCode: link.device_code, deviceRole: link.device_role, centreCode: link.centre_code, centreName: link.centre_name, registeredAt: link.registered_at },
  };
}

function clockMessage(skewMs: number): string {
  const days = Math.round((Math.abs(skewMs) / 86_400_000) * 10) / 10;
  return `本机时钟比中心平台${skewMs > 0 ? '快' : '慢'}约 ${days} 天，请核对本机日期和时间（或请信息中心校时）。办件顺序以中心平台为准，不受影响；但本机打印的日期可能有误。`;
}

interface ItemRow {
  message_id: string;
  state: 'pending' | 'failed';
  created_at: string;
  attempts: number;
  last_error: string | null;
  case_id: string | null;
  case_number: string | null;
  matter_name: string | null;
  status: string | null;
  type: string | null;
  payload: string | null;
  actor_id: string | null;
  actor_name: string | null;
  account_name: string | null;
  code: string | null;
  reason: string | null;
  rejected_at: string | null;
  scan_error: string | null;
}

const advice: Record<string, string> = {
  STATE_CONFLICT: '办件已按中心平台的记录更新。请打开办件查看现状，确需办理的请重新操作。',
  INVALID_EVENT: '该记录内容不完整或有误，中心平台不能接收。请打开办件核对，必要时联系信息中心。',
  CASE_UNKNOWN: '中心平台尚无该办件。请点「立即同步」补发；仍不成功请联系信息中心。',
  CASE_MISMATCH: '该办件与中心平台的记录冲突（编号重复或不一致）。请联系信息中心核查，不要重复受理。',
  OUT_OF_SCOPE: '本机所属中心无权办理该办件。请联系信息中心核对本机的注册中心。',
  NOT_ALLOWED: '本机无权提交该项更改。请联系信息中心。',
};

/** Every unsent or rejected item, rejected first (they need a person), newest first within. */
export function syncItems(tx: ReadTx, limit = 200): SyncItemView[] {
  const rows = tx.all<ItemRow>(
    `SELECT o.message_id, o.state, o.created_at, o.attempts, o.last_error, e.case_id, c.case_number, c.matter_name, c.status,
            e.type, e.payload, e.actor_id, u.display_name AS actor_name, au.display_name AS account_name, r.code, r.reason, r.rejected_at,
            (SELECT a.upload_error FROM attachment a WHERE a.case_id = e.case_id AND a.upload_error IS NOT NULL LIMIT 1) AS scan_error
       FROM outbox o
       LEFT JOIN case_event e ON e.id = o.message_id
       LEFT JOIN case_record c ON c.id = e.case_id
       LEFT JOIN app_user u ON u.id = e.actor_id
       LEFT JOIN app_user au ON o.kind = 'user.upsert' AND au.id = o.aggregate_id
       LEFT JOIN sync_rejection r ON r.event_id = o.message_id
      WHERE o.state = 'failed' OR c.is_demo IS NULL OR c.is_demo = 0
      ORDER BY o.state = 'failed' DESC, o.created_at DESC
      LIMIT ?`,
    limit,
  );
  return rows.map((row) => {
    const what = row.type
      ? eventLabel({ type: row.type, payload: JSON.parse(row.payload ?? '{}') as unknown } as CaseEvent)
      : row.account_name !== null
        ? `账号：${row.account_name}`
        : '其他记录';
    const rejected = row.state === 'failed';
    return {
      id: row.message_id,
      state: rejected ? 'rejected' : 'pending',
      caseId: row.case_id,
      caseNumber: row.case_number,
      matterName: row.matter_name,
      caseStatus: row.status,
      what,
      actorId: row.actor_id,
      actorName: row.actor_name,
      createdAt: row.created_at,
      reason: rejected ? (row.reason ?? row.last_error ?? '中心平台拒收') : null,
      advice: rejected
        ? (advice[row.code ?? ''] ?? '请打开办件查看现状；如有疑问请联系信息中心。')
        : row.scan_error
          ? `暂缓发送：${row.scan_error}。该件等扫描件上传后一并发送，稍后自动重试，其他办件照常发送；扫描件文件缺失或损坏的，请从备份恢复 attachments 文件夹，再点“立即同步”马上重试。`
          : row.last_error
          ? `等待发送：${row.last_error}。中心平台收到该件的受理记录（由受理的电脑补发）后自动发送，无需重新操作。`
          : '等待发送：联网后自动发送，也可点「立即同步」。',
      rejectedAt: row.rejected_at,
    };
  });
}
