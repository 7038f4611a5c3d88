/**
 * Scans, content-addressed by their SHA-256, uploaded resumably, stored once per region.
 *
 *   HEAD /v1/attachments/{sha256}    200 + `Upload-Offset: size` when complete; 200 + the bytes
 *                                    received so far when partial; 404 when unknown
 *   PUT  /v1/attachments/{sha256}    one chunk: `Content-Range: bytes start-end/total`, the body
 *                                    the bytes. A chunk must start where the upload stands
 *                                    (RANGE_MISMATCH otherwise, with `details.received`); the
 *                                    last chunk is hashed and the upload is complete only when
 *                                    the bytes match the name (HASH_MISMATCH otherwise, and
 *                                    the partial upload is dropped). An attachment already
 *                                    complete answers at once: nothing is sent twice.
 *   GET  /v1/attachments/{sha256}    the bytes, for a device of a centre that holds a case
 *                                    naming it (the reviewer's PC fetches a scan when opened).
 * The gateway seals the bytes at rest (SM4, as the app does).
 */
import { z } from 'zod';

export const attachmentLimits = { maxBytes: 10 * 1024 * 1024, maxChunkBytes: 1024 * 1024 } as const;

export const attachmentStatusSchema = z
  .object({
    sha256: z.string(),
    size: z.number().int().describe('总字节数'),
    received: z.number().int().describe('已收到的字节数；等于 size 即完成'),
    complete: z.boolean(),
  })
  .meta({ id: 'AttachmentStatus' });
export type AttachmentStatus = z.infer<typeof attachmentStatusSchema>;

/** `bytes start-end/total` (end inclusive), as HTTP writes it. */
export function parseContentRange(header: string | undefined): { start: number; end: number; total: number } | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header?.trim() ?? '');
  if (!m) return null;
  const [start, end, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (end < start || end >= total) return null;
  return { start, end, total };
}
