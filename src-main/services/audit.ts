import type { AuditVerifyView } from '../domain/api/views.ts';
import { auditGenesisHash, auditRowHash, type AuditFields, type ReadTx } from '../store/store.ts';

interface AuditRow extends AuditFields {
  seq: number;
  hash: string;
}

/** Walks the chain from the start and names the first row whose link or content was altered. */
export function verifyAuditChain(tx: ReadTx): AuditVerifyView {
  let expectedPrev = auditGenesisHash;
  let rows = 0;
  for (const row of tx.all<AuditRow>('SELECT * FROM audit_log ORDER BY seq')) {
    rows += 1;
    if (row.prev_hash !== expectedPrev) {
      return { ok: false, rows, firstBrokenSeq: row.seq, reason: `第 ${row.seq} 条记录的前序哈希与上一条不符（记录被删除或插入）` };
    }
    if (auditRowHash(row) !== row.hash) {
      return { ok: false, rows, firstBrokenSeq: row.seq, reason: `第 ${row.seq} 条记录的内容与其哈希不符（记录被篡改）` };
    }
    expectedPrev = row.hash;
  }
  return { ok: true, rows, firstBrokenSeq: null, reason: null };
}
