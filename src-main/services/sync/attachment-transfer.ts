/**
 * Scans to and from the gateway (src-main/domain/sync/attachments.ts describes the exchange).
 * An upload asks first where the gateway stands (HEAD), then sends what it lacks chunk by chunk:
 * a link cut mid-upload costs only the chunk in flight, the next try goes on from what the
 * gateway holds, and content the gateway already has (another case, another PC of the region)
 * is not sent at all. A download is checked against its name before anything is stored.
 */
import { attachmentLimits } from '../../domain/sync/attachments.ts';
import { sha256Of } from '../attachments/store.ts';
import { SyncFailure, type GatewayClient } from './client.ts';

export interface UploadOutcome {
  sha256: string;
  /** Bytes that went on the wire this time (0: the gateway had them all). */
  sent: number;
}

/** Sends the bytes the gateway lacks, from where it stands; resolves when it holds them all. */
export async function uploadAttachment(
  client: GatewayClient,
  token: string,
  bytes: Uint8Array,
  chunkBytes: number = attachmentLimits.maxChunkBytes,
): Promise<UploadOutcome> {
  const sha256 = sha256Of(bytes);
  const total = bytes.length;
  let offset = (await client.attachmentStatus(token, sha256))?.received ?? 0;
  let sent = 0;
  while (offset < total) {
    const end = Math.min(offset + chunkBytes, total);
    try {
      const status = await client.uploadAttachmentChunk(token, sha256, offset, total, bytes.subarray(offset, end));
      sent += end - offset;
      offset = status.complete ? total : status.received;
    } catch (error) {
      // Another try (this PC's earlier one, answered too late) moved the upload on: go on from there.
      if (!(error instanceof SyncFailure && error.kind === 'RANGE_MISMATCH')) throw error;
      offset = (await client.attachmentStatus(token, sha256))?.received ?? 0;
    }
  }
  return { sha256, sent };
}

/** The scan's bytes from the gateway, refused unless they hash to the name asked for. */
export async function downloadAttachment(client: GatewayClient, token: string, sha256: string): Promise<Buffer> {
  const bytes = await client.downloadAttachment(token, sha256);
  if (sha256Of(bytes) !== sha256) {
    throw new SyncFailure('GARBAGE', '从中心平台取回的附件内容与其校验值不符（可能传输中损坏），未保存；稍后再打开时会重新获取。');
  }
  return bytes;
}
