import { randomUUID } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then random bits. New ids sort after
 * older ones, so they land at the end of an index rather than on a random page, and the outbox
 * sends oldest first. Built on Node's randomUUID (which draws from a cached entropy pool) because
 * the `uuid` package's v7 was a noticeable share of the write path (`store.write_path_ratio`).
 */
export function timeOrderedId(nowMs: number = Date.now()): string {
  const random = randomUUID(); // xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx: keep the variant and random tail
  const time = nowMs.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}
