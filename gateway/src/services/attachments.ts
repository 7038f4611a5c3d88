/**
 * Scans: content-addressed, resumable, stored once per region, sealed at rest
 * (src-main/domain/sync/attachments.ts describes the exchange).
 */
import { createHash } from 'node:crypto';
import { attachmentLimits, parseContentRange, type AttachmentStatus } from '../../../src-main/domain/sync/attachments.ts';
import { transaction } from '../db/database.ts';
import type { Gateway } from '../gateway.ts';
import { GatewayError } from '../http/errors.ts';
import type { DeviceContext } from './devices.ts';
import { childNeedsScan } from './parent-scans.ts';

function checkName(sha256: string): void {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new GatewayError('VALIDATION', '附件名应为其内容的 SHA-256（64 位小写十六进制）', { field: 'sha256' });
}

export async function attachmentStatus(g: Gateway, device: DeviceContext, sha256: string): Promise<AttachmentStatus | null> {
  checkName(sha256);
  const r = await g.db.query<{ size: number; received: number; complete: boolean }>('SELECT size, received, complete FROM attachment WHERE region_code = $1 AND sha256 = $2', [device.region, sha256]);
  const row = r.rows[0];
  return row ? { sha256, size: row.size, received: row.received, complete: row.complete } : null;
}

export async function uploadChunk(g: Gateway, device: DeviceContext, sha256: string, contentRange: string | undefined, body: Buffer): Promise<AttachmentStatus> {
  checkName(sha256);
  const range = parseContentRange(contentRange);
  if (!range) throw new GatewayError('VALIDATION', '缺少或无法识别 Content-Range 头（应为 bytes 起-止/总长）', { field: 'Content-Range' });
  if (range.total > attachmentLimits.maxBytes) throw new GatewayError('TOO_LARGE', `附件超过 ${attachmentLimits.maxBytes / 1024 / 1024} MB 上限`);
  if (body.length !== range.end - range.start + 1) throw new GatewayError('VALIDATION', `附件分段长度 ${body.length} 与 Content-Range 不符`, { field: 'Content-Range' });
  const region = device.region;
  return transaction(g.db, async (tx) => {
    await tx.query('INSERT INTO attachment (region_code, sha256, size, received, complete, created_at) VALUES ($1, $2, $3, 0, false, now()) ON CONFLICT DO NOTHING', [region, sha256, range.total]);
    const r = await tx.query<{ size: number; received: number; complete: boolean }>('SELECT size, received, complete FROM attachment WHERE region_code = $1 AND sha256 = $2 FOR UPDATE', [region, sha256]);
    const row = r.rows[0] as { size: number; received: number; complete: boolean };
    if (row.complete) return { sha256, size: row.size, received: row.size, complete: true };
    if (row.size !== range.total) throw new GatewayError('VALIDATION', `附件总长 ${range.total} 与先前上传的 ${row.size} 不符`, { field: 'Content-Range' });
    if (range.start !== row.received) {
      throw new GatewayError('RANGE_MISMATCH', `附件已收到 ${row.received} 字节，请从该处续传`, { details: { received: row.received } });
    }
    await tx.query('INSERT INTO attachment_chunk (region_code, sha256, chunk_offset, data) VALUES ($1, $2, $3, $4)', [region, sha256, range.start, g.sealer.seal(body)]);
    const received = row.received + body.length;
    if (received < row.size) {
      await tx.query('UPDATE attachment SET received = $3 WHERE region_code = $1 AND sha256 = $2', [region, sha256, received]);
      return { sha256, size: row.size, received, complete: false };
    }
    const hash = createHash('sha256');
    for (const chunk of await chunksOf(g, region, sha256, tx)) hash.update(chunk);
    if (hash.digest('hex') !== sha256) {
      // Committed, not thrown: the bad upload must go, so the next try starts from 0.
      await tx.query('DELETE FROM attachment_chunk WHERE region_code = $1 AND sha256 = $2', [region, sha256]);
      await tx.query('DELETE FROM attachment WHERE region_code = $1 AND sha256 = $2', [region, sha256]);
      return { sha256, size: row.size, received: -1, complete: false };
    }
    await tx.query('UPDATE attachment SET received = size, complete = true WHERE region_code = $1 AND sha256 = $2', [region, sha256]);
    return { sha256, size: row.size, received: row.size, complete: true };
  }).then((status) => {
    if (status.received === -1) throw new GatewayError('HASH_MISMATCH', '附件内容与其 SHA-256 名称不符，已丢弃，请重新上传');
    return status;
  });
}

async function chunksOf(g: Gateway, region: string, sha256: string, db: { query: Gateway['db']['query'] } = g.db): Promise<Buffer[]> {
  const r = await db.query<{ data: Buffer }>('SELECT data FROM attachment_chunk WHERE region_code = $1 AND sha256 = $2 ORDER BY chunk_offset', [region, sha256]);
  return r.rows.map((row) => g.sealer.open(row.data));
}

/**
 * The bytes, for a device whose centre took or decides a case that names the scan, or decides a
 * 一件事 child whose parent names it for one of the child's materials (parent-scans.ts).
 */
export async function downloadAttachment(g: Gateway, device: DeviceContext, sha256: string): Promise<Buffer> {
  checkName(sha256);
  const r = await g.db.query<{ stored_region: string }>(
    `SELECT a.stored_region FROM case_attachment a JOIN central_case c ON c.region_code = a.region_code AND c.case_id = a.case_id
      WHERE a.sha256 = $1 AND (c.centre_code = $2 OR c.competent_region = $2 OR ${childNeedsScan('a', 'c', '$2')}) LIMIT 1`,
    [sha256, device.centreCode],
  );
  const stored = r.rows[0]?.stored_region;
  if (stored === undefined) throw new GatewayError('FORBIDDEN', '本中心的办件中没有这份附件，不能下载');
  const state = await g.db.query<{ region_code: string }>('SELECT region_code FROM attachment WHERE sha256 = $1 AND complete AND region_code = $2 UNION ALL SELECT region_code FROM attachment WHERE sha256 = $1 AND complete LIMIT 1', [sha256, stored]);
  const region = state.rows[0]?.region_code;
  if (region === undefined) throw new GatewayError('NOT_FOUND', '附件尚未上传完成，请稍后再试');
  return Buffer.concat(await chunksOf(g, region, sha256));
}
