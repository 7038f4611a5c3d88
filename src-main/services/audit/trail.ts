import type { AuditRowView, AuditVerifyView, Page } from '../../domain/api/views.ts';
import type { ParsedInput } from '../../domain/api/contract.ts';
import { auditCanonical, auditGenesisHash, auditRowHash, type AuditFields, type AuditHead, type ReadTx, type WriteTx } from '../../store/store.ts';
import { readSetting, writeSetting } from '../settings/settings.ts';

interface AuditRow extends AuditFields {
  seq: number;
  hash: string;
}

/**
 * Rows written before the chain was keyed (plain SM3) keep their links: the trail is
 * append-only, so they are not re-linked. The first start with the keyed chain records how many
 * there were, MACed under the audit key, and from the next row on every link is HMAC-SM3. A file
 * writer cannot move that boundary (the MAC) nor re-link a keyed row; rewriting a legacy row and
 * re-linking the legacy rows after it changes the last legacy link, which the first keyed row
 * covers. Migration therefore needs no rewrite of any row.
 */
const legacySetting = 'audit.legacyRows';
const legacyMacInput = (rows: number) => `legacy rows/${rows}`;

/** Boot, once the data key is loaded and before anything else is audited. */
export function keyAuditChain(tx: WriteTx): void {
  if (readSetting(tx, legacySetting) !== null) return;
  const rows = tx.get<{ n: number | null }>('SELECT max(seq) AS n FROM audit_log')?.n ?? 0;
  writeSetting(tx, legacySetting, JSON.stringify({ rows, mac: tx.cipher.auditMac(legacyMacInput(rows)) }));
  if (rows > 0) tx.audit({ action: 'audit.chainKeyed', detail: { legacyRows: rows } });
}

/** How many leading rows are legacy, or null when the recorded count was tampered with. */
function legacyRows(tx: ReadTx): number | null {
  const raw = readSetting(tx, legacySetting);
  // Missing: every row must be keyed (a deleted record cannot turn keyed rows into legacy ones).
  if (raw === null) return 0;
  try {
    const parsed = JSON.parse(raw) as { rows?: unknown; mac?: unknown };
    if (typeof parsed.rows !== 'number' || !Number.isInteger(parsed.rows) || parsed.rows < 0) return null;
    return parsed.mac === tx.cipher.auditMac(legacyMacInput(parsed.rows)) ? parsed.rows : null;
  } catch {
    return null;
  }
}

/** The newest row's link: what the sync sends to the gateway, and what `verifyAuditChain` is given back. */
export function auditHeadOf(tx: ReadTx): (AuditHead & { at: string }) | null {
  return tx.get<AuditHead & { at: string }>('SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1') ?? null;
}

/**
 * Walks the chain from the genesis hash and names the first row whose link or content was
 * altered. Rows are never pruned (see README, "Audit trail"), so the chain always starts there.
 * `knownHead` is a row known to have been written (this process's last commit, or a head the
 * gateway received): a trail that lacks it, or holds another row under its number, was cut
 * short or rewritten from there, which no chain can show by itself.
 */
export function verifyAuditChain(tx: ReadTx, knownHead: AuditHead | null = null): AuditVerifyView {
  const legacy = legacyRows(tx);
  let expectedPrev = auditGenesisHash;
  let rows = 0;
  let headSeen = knownHead === null;
  const broken = (row: AuditRow, reason: string): AuditVerifyView => ({ ok: false, rows, firstBrokenSeq: row.seq, firstBrokenAt: row.at, reason });
  if (legacy === null) {
    return { ok: false, rows: 0, firstBrokenSeq: null, firstBrokenAt: null, reason: '审计日志的起点记录（未加密钥的旧记录条数）被改动，整条日志不可信' };
  }
  for (const row of tx.all<AuditRow>('SELECT * FROM audit_log ORDER BY seq')) {
    rows += 1;
    if (row.prev_hash !== expectedPrev) {
      return broken(row, `第 ${row.seq} 条记录的前序哈希与上一条不符（记录被删除或插入）`);
    }
    const link = row.seq <= legacy ? auditRowHash(row) : tx.cipher.auditMac(auditCanonical(row));
    if (link !== row.hash) {
      return broken(row, `第 ${row.seq} 条记录的内容与其哈希不符（记录被篡改）`);
    }
    if (knownHead && row.seq === knownHead.seq) {
      if (row.hash !== knownHead.hash) return broken(row, `第 ${row.seq} 条记录与本程序写入时不同（该条及其后的记录被改写）`);
      headSeen = true;
    }
    expectedPrev = row.hash;
  }
  if (!headSeen && knownHead) {
    return { ok: false, rows, firstBrokenSeq: knownHead.seq, firstBrokenAt: null, reason: `已写入的第 ${knownHead.seq} 条记录不见了（日志末尾的记录被删除）` };
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
