/**
 * How an audit row is linked to the one before it: the fields the link covers, in a fixed order,
 * and the unkeyed SM3 link of rows written before the chain was keyed. The store writes links
 * with these; `services/audit/trail.ts` recomputes them to verify the chain.
 */
import { sm3Hex } from '../domain/crypto/sm3.ts';

export const auditGenesisHash = '0'.repeat(64);

/** An audit row as stored, less its own seq and hash. */
export interface AuditFields {
  prev_hash: string;
  at: string;
  user_id: string | null;
  role: string | null;
  device_id: string;
  action: string;
  target: string | null;
  outcome: string;
  detail: string;
}

/** The fields an audit row's link covers, in a fixed order so verification can recompute it. */
export function auditCanonical(row: AuditFields): string {
  return JSON.stringify([
    row.prev_hash,
    row.at,
    row.user_id,
    row.role,
    row.device_id,
    row.action,
    row.target,
    row.outcome,
    row.detail,
  ]);
}

/**
 * The unkeyed SM3 link rows had before the chain was keyed. Only rows written before that
 * (services/audit/trail.ts, "legacy rows") are checked with it; anyone can compute it, which is
 * why new rows are linked with `FieldCipher.auditMac` under the data key instead.
 */
export function auditRowHash(row: AuditFields): string {
  return sm3Hex(auditCanonical(row));
}

/** The newest audit row this process has committed: a file rewritten under a running app is caught against it. */
export interface AuditHead {
  seq: number;
  hash: string;
}
