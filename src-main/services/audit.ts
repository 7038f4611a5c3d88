import type { AuditRowView, AuditVerifyView, Page } from '../domain/api/views.ts';
import type { ParsedInput } from '../domain/api/contract.ts';
import { auditGenesisHash, auditRowHash, type AuditFields, type ReadTx } from '../store/store.ts';

interface AuditRow extends AuditFields {
  seq: number;
  hash: string;
}

/**
 * Walks the chain from the genesis hash and names the first row whose link or content was
 * altered. Rows are never pruned (see README, "Audit trail"), so the chain always starts there.
 */
export function verifyAuditChain(tx: ReadTx): AuditVerifyView {
  let expectedPrev = auditGenesisHash;
  let rows = 0;
  const broken = (row: AuditRow, reason: string): AuditVerifyView => ({ ok: false, rows, firstBrokenSeq: row.seq, firstBrokenAt: row.at, reason });
  for (const row of tx.all<AuditRow>('SELECT * FROM audit_log ORDER BY seq')) {
    rows += 1;
    if (row.prev_hash !== expectedPrev) {
      return broken(row, `第 ${row.seq} 条记录的前序哈希与上一条不符（记录被删除或插入）`);
    }
    if (auditRowHash(row) !== row.hash) {
      return broken(row, `第 ${row.seq} 条记录的内容与其哈希不符（记录被篡改）`);
    }
    expectedPrev = row.hash;
  }
  return { ok: true, rows, firstBrokenSeq: null, firstBrokenAt: null, reason: null };
}

/** The first instant of a date in China (UTC+8), as stored in `at`. */
function chinaDayStart(date: string, plusDays = 0): string {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + plusDays * 86_400_000).toISOString();
}

interface ListedRow extends AuditRow {
  username: string | null;
  display_name: string | null;
}

/** One page of the trail, newest first, filtered by who, what, when and outcome. */
export function listAudit(tx: ReadTx, input: ParsedInput<'audit/list'>): Page<AuditRowView> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (input.username) {
    where.push('u.username = ?');
    params.push(input.username);
  }
  if (input.action) {
    // "case." lists a whole family (every state transition); anything else is one action.
    if (input.action.endsWith('.')) {
      where.push('substr(a.action, 1, ?) = ?');
      params.push(input.action.length, input.action);
    } else {
      where.push('a.action = ?');
      params.push(input.action);
    }
  }
  if (input.outcome) {
    where.push('a.outcome = ?');
    params.push(input.outcome);
  }
  if (input.dateFrom) {
    where.push('a.at >= ?');
    params.push(chinaDayStart(input.dateFrom));
  }
  if (input.dateTo) {
    where.push('a.at < ?');
    params.push(chinaDayStart(input.dateTo, 1));
  }
  const from = `FROM audit_log a LEFT JOIN app_user u ON u.id = a.user_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  const total = tx.get<{ n: number }>(`SELECT count(*) AS n ${from}`, ...params)?.n ?? 0;
  const rows = tx.all<ListedRow>(
    `SELECT a.*, u.username, u.display_name ${from} ORDER BY a.seq DESC LIMIT ? OFFSET ?`,
    ...params,
    input.pageSize,
    (input.page - 1) * input.pageSize,
  );
  return {
    rows: rows.map((row) => ({
      seq: row.seq,
      at: row.at,
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      deviceId: row.device_id,
      action: row.action,
      target: row.target,
      outcome: row.outcome as AuditRowView['outcome'],
      detail: JSON.parse(row.detail) as Record<string, unknown>,
    })),
    total,
    totalIsLowerBound: false,
    page: input.page,
    pageSize: input.pageSize,
  };
}
