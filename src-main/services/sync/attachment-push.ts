/**
 * A case's scans reach the gateway before the event that names them (docs/sync.md, attachments).
 * Before a batch goes, every case it opens has its scans uploaded (resumably: the gateway says
 * what it holds and only the rest is sent; content the region has is not sent at all), and its
 * header names them all. A scan that cannot be sent holds back its own case only: its events
 * wait, the reason shows on the 同步 page, and they are tried again later, while the other cases
 * go on. A failure of the link itself (network, busy gateway, expired token) ends the push as
 * any push failure does, and the next try resumes the upload; but a case whose scans alone fail
 * that way cycle after cycle (a proxy that cuts large bodies) is held too, not the whole outbox.
 */
import type { WriteTx, Store } from '../../store/store.ts';
import { AppError } from '../../domain/errors.ts';
import { openFileName, readScanBytes, sealSha256, sha256Of, type AttachmentRow } from '../attachments/store.ts';
import { uploadAttachment } from './attachment-transfer.ts';
import { SyncFailure, type GatewayClient } from './client.ts';
import { waitingForTime, type Batch } from './outbox.ts';
import { itemChanged } from './push-json.ts';
import { scanRefs } from './snapshot.ts';

/** Failures of the link, not of the scan: the whole push fails and is tried again. */
const linkFailures = new Set(['NETWORK', 'UNAVAILABLE', 'RATE_LIMITED', 'UNAUTHENTICATED', 'DEVICE_REVOKED', 'PROTOCOL_UNSUPPORTED', 'EPOCH_CHANGED']);
/** Cycles in a row a case's scans may fail on the link alone before the case is held instead. */
const linkFailuresBeforeHold = 3;

/** How long a held case waits before its scans are tried again: 1, 2, 4… minutes, at most 30. */
export function holdUntil(attempts: number, now: string): string {
  return new Date(Date.parse(now) + Math.min(60_000 * 2 ** attempts, 30 * 60_000)).toISOString();
}

export class ScanSender {
  private readonly store: Store;
  private readonly dataDir: string;
  private readonly write: <T>(fn: (tx: WriteTx) => T) => T;
  /** Cases held back, until when: items of theirs already read into later batches stay back too. */
  private readonly heldUntil = new Map<string, number>();
  private readonly linkFailed = new Map<string, number>();

  constructor(store: Store, dataDir: string, write: <T>(fn: (tx: WriteTx) => T) => T) {
    this.store = store;
    this.dataDir = dataDir;
    this.write = write;
  }

  /** Uploads the scans of the cases `batch` opens and names them; takes out the items of cases whose scans could not go. */
  async prepare(batch: Batch, client: GatewayClient, token: string, now: Date): Promise<void> {
    const opened = batch.items.flatMap((item) => (item.kind === 'case.event' && item.case ? [item] : []));
    // The scans of every case the batch opens in one read (most have none): one read per case cost more than the rest of this.
    const scans = opened.length === 0 ? new Map<string, AttachmentRow[]>() : this.scansToSend(opened.map((item) => item.caseId));
    for (const item of opened) {
      if (!item.case || this.isHeld(item.caseId, now)) continue;
      const outcome = await this.sendScans(item.caseId, scans.get(item.caseId) ?? [], client, token);
      if (outcome === 'hashed') {
        item.case.attachments = this.store.read((tx) => scanRefs(tx, item.caseId));
        itemChanged(item);
      } else if (outcome !== 'sent') this.hold(item.caseId, outcome);
    }
    batch.items = batch.items.filter((item) => item.kind !== 'case.event' || !this.isHeld(item.caseId, now));
  }

  /** Scans named by the gateway and not fetched here are a case of another PC: this PC does not send them. */
  private scansToSend(caseIds: readonly string[]): Map<string, AttachmentRow[]> {
    const rows = this.store.read((tx) =>
      tx.all<AttachmentRow>('SELECT a.* FROM json_each(?) j JOIN attachment a ON a.case_id = j.value WHERE a.content_name IS NOT NULL ORDER BY a.case_id, a.added_at, a.id', JSON.stringify(caseIds)),
    );
    const byCase = new Map<string, AttachmentRow[]>();
    for (const row of rows) {
      const caseId = row.case_id as string;
      const group = byCase.get(caseId);
      if (group) group.push(row);
      else byCase.set(caseId, [row]);
    }
    return byCase;
  }

  /**
   * 立即同步 by a person: cases held for their scans are tried again now, not when their wait
   * is over (the clerk has just put the file back, or the link that failed is up again).
   */
  releaseHolds(): void {
    // The count of link failures stays: a case whose scans keep failing on the link is held again
    // at once, instead of failing the whole push for three more cycles.
    this.heldUntil.clear();
    this.write((tx) =>
      tx.run(
        `UPDATE outbox SET next_attempt_at = NULL WHERE ${waitingForTime} AND aggregate_id IN (SELECT case_id FROM attachment WHERE upload_error IS NOT NULL)`,
      ),
    );
  }

  private isHeld(caseId: string, now: Date): boolean {
    const until = this.heldUntil.get(caseId);
    if (until === undefined) return false;
    if (until > now.getTime()) return true;
    this.heldUntil.delete(caseId);
    return false;
  }

  /**
   * 'sent' when every scan of the case is at the gateway ('hashed' when one got its hash only now,
   * so the header read before does not name it yet); else why one is not (Chinese, for the 同步 page).
   */
  private async sendScans(caseId: string, rows: readonly AttachmentRow[], client: GatewayClient, token: string): Promise<'sent' | 'hashed' | { reason: string; scanId: string }> {
    let hashed = false;
    for (const row of rows) {
      const fileName = this.store.read((tx) => openFileName(tx, row.file_name));
      try {
        const bytes = this.store.read((tx) => readScanBytes(tx, this.dataDir, row));
        // A scan added before hashes were kept (migration 0012) gets its hash now, from its file.
        if (row.content_sha256 === null) {
          this.write((tx) => tx.run('UPDATE attachment SET content_sha256 = ? WHERE id = ?', sealSha256(tx, sha256Of(bytes)), row.id));
          hashed = true;
        }
        await uploadAttachment(client, token, bytes).catch((error: unknown) => {
          // The gateway dropped bytes spoiled on the way (they did not hash to the name): once more from the start.
          if (error instanceof SyncFailure && error.kind === 'HASH_MISMATCH') return uploadAttachment(client, token, bytes);
          throw error;
        });
      } catch (error) {
        if (error instanceof SyncFailure && linkFailures.has(error.kind)) {
          const times = (this.linkFailed.get(caseId) ?? 0) + 1;
          this.linkFailed.set(caseId, times);
          if (times < linkFailuresBeforeHold || error.kind !== 'NETWORK') throw error;
        }
        if (!(error instanceof SyncFailure || error instanceof AppError)) throw error;
        return { reason: `扫描件“${fileName}”未能上传：${error.message}`, scanId: row.id };
      }
    }
    this.linkFailed.delete(caseId);
    if (rows.some((row) => row.upload_error !== null)) this.write((tx) => tx.run('UPDATE attachment SET upload_error = NULL WHERE case_id = ?', caseId));
    return hashed ? 'hashed' : 'sent';
  }

  /** The case's events wait (every pending one: what follows its opening cannot go before it). */
  private hold(caseId: string, problem: { reason: string; scanId: string }): void {
    const until = this.write((tx) => {
      const attempts = tx.get<{ n: number | null }>("SELECT max(attempts) AS n FROM outbox WHERE state = 'pending' AND aggregate_id = ?", caseId)?.n ?? 0;
      const at = holdUntil(attempts, tx.now);
      tx.run("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE state = 'pending' AND aggregate_id = ?", problem.reason, at, caseId);
      tx.run('UPDATE attachment SET upload_error = ? WHERE id = ?', problem.reason, problem.scanId);
      tx.audit({ action: 'sync.scanHeld', target: caseId, outcome: 'failed', detail: { message: problem.reason } });
      return at;
    });
    this.linkFailed.delete(caseId);
    this.heldUntil.set(caseId, Date.parse(until));
  }
}
